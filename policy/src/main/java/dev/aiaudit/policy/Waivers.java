package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.eval.Operator;
import dev.aiaudit.policy.eval.Values;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Attestations and exemptions as loaded from JSON/YAML files ({@code --attestations},
 * {@code --exemptions}); each file is validated against its schema.
 *
 * @param attestations every attestation, expired ones included
 * @param exemptions every exemption, expired ones included
 */
public record Waivers(List<Attestation> attestations, List<Exemption> exemptions) {

  public Waivers {
    attestations = List.copyOf(attestations);
    exemptions = List.copyOf(exemptions);
  }

  public static Waivers none() {
    return new Waivers(List.of(), List.of());
  }

  /** Adds the attestations of a file ({@code {"attestations": [...]}}). */
  public Waivers withAttestations(Path file) throws IOException, PolicyLoadException {
    JsonNode root = read(file, "attestations.schema.json");
    List<Attestation> out = new ArrayList<>(attestations);
    for (JsonNode a : root.path("attestations")) {
      out.add(new Attestation(a.path("policyId").asText(), a.path("resourceId").asText("*"),
          ComplianceState.parse(a.path("state").asText()), a.path("who").asText(),
          Values.toInstant(a.path("date")), Values.toInstant(a.path("expiresOn")),
          a.path("documentUri").asText(""), a.path("documentSha256").asText(), a.path("comment").asText("")));
    }
    return new Waivers(out, exemptions);
  }

  /** Adds the exemptions of a file ({@code {"exemptions": [...]}}). */
  public Waivers withExemptions(Path file) throws IOException, PolicyLoadException {
    JsonNode root = read(file, "exemptions.schema.json");
    List<Exemption> out = new ArrayList<>(exemptions);
    for (JsonNode e : root.path("exemptions")) {
      out.add(new Exemption(e.path("policyId").asText("*"), e.path("initiativeId").asText("*"),
          e.path("resourceId").asText(), e.path("category").asText(), e.path("owner").asText(),
          Values.toInstant(e.path("expiresOn")), e.path("documentSha256").asText(), e.path("reason").asText("")));
    }
    return new Waivers(attestations, out);
  }

  /** Attestations for this policy and deployment, newest first. */
  List<Attestation> attestationsFor(String policyId, String referenceId, String resourceId) {
    List<Attestation> out = new ArrayList<>();
    for (Attestation a : attestations) {
      if (idMatches(a.policyId(), policyId, referenceId) && glob(a.resourceId(), resourceId)) {
        out.add(a);
      }
    }
    out.sort((x, y) -> y.date().compareTo(x.date()));
    return out;
  }

  /** Exemptions for this policy, initiative and deployment. */
  List<Exemption> exemptionsFor(String policyId, String referenceId, String initiativeId, String resourceId) {
    List<Exemption> out = new ArrayList<>();
    for (Exemption e : exemptions) {
      boolean policy = e.policyId().equals("*") || idMatches(e.policyId(), policyId, referenceId);
      boolean initiative = e.initiativeId().equals("*") || e.initiativeId().equalsIgnoreCase(initiativeId);
      if (policy && initiative && glob(e.resourceId(), resourceId)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean idMatches(String want, String policyId, String referenceId) {
    return want.equalsIgnoreCase(policyId) || want.equalsIgnoreCase(referenceId);
  }

  private static boolean glob(String pattern, String value) {
    return Operator.LIKE.test(TextNode.valueOf(value), TextNode.valueOf(pattern));
  }

  private static JsonNode read(Path file, String schema) throws IOException, PolicyLoadException {
    ContentFile f = ContentFile.parse(file.toString(), PolicyFiles.read(file, PolicyFiles.MAX_CONTENT_BYTES));
    List<Diagnostic> issues = f.validate(schema);
    if (!issues.isEmpty()) {
      throw new PolicyLoadException(issues);
    }
    return f.root();
  }
}
