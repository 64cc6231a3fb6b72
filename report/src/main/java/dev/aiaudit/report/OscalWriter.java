package dev.aiaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.Finding;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * NIST OSCAL 1.1 assessment-results (JSON). One {@code result} per section, whose subject is a local inventory
 * item and whose {@code reviewed-controls} are the controls its findings map to. Every finding is an
 * {@code observation} (method TEST, relevant evidence = the cited journal records, or expected and observed state).
 * Every control is an OSCAL {@code finding} whose status is the worst of its findings: {@code not-satisfied} with
 * reason {@code fail} for a failure, {@code other} for error or unknown (an undecided check is never satisfied),
 * {@code satisfied} when all passed or are exempt; a control whose findings are all not applicable gets no finding.
 * A finding without controls is its own objective. Assessment results must import a plan: a minimal one is
 * embedded as a base64 back-matter resource and referenced by fragment. Every UUID is an RFC 4122 version-5 UUID
 * ({@link Uuids}) of the run and the item, so the same run gives the same document. A section property
 * {@code control-prefix} qualifies its control ids ({@code nist-800-171-3.4.1}).
 */
final class OscalWriter {
  static final String OSCAL_VERSION = "1.1.2";
  private static final String NS = "https://ai-audit.dev/ns/oscal";

  private OscalWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    JsonWriter.writeTree(tree(a), out);
  }

  static ObjectNode tree(Assessment a) {
    String at = a.startedAt().toString();
    String run = a.tool() + "|" + a.host() + "|" + at;
    ObjectNode root = JsonWriter.MAPPER.createObjectNode();
    ObjectNode ar = root.putObject("assessment-results");
    ar.put("uuid", Uuids.of(run));
    metadata(ar.putObject("metadata"), a.title() + (a.host().isEmpty() ? "" : " on " + a.host()), at);
    String apResource = Uuids.of(run + "|ap-resource");
    ar.putObject("import-ap").put("href", "#" + apResource);
    ArrayNode results = ar.putArray("results");
    Set<String> allControls = new LinkedHashSet<>();
    for (Section s : a.sections()) {
      allControls.addAll(result(results.addObject(), a, s, run + "|" + s.id()));
    }
    ObjectNode resource = ar.putObject("back-matter").putArray("resources").addObject();
    resource.put("uuid", apResource).put("title", "Minimal assessment plan (" + a.tool() + ")");
    String ap = assessmentPlan(run, at, a.tool(), allControls).toString();
    resource.putObject("base64").put("filename", "assessment-plan.json").put("media-type", "application/json")
        .put("value", Base64.getEncoder().encodeToString(ap.getBytes(StandardCharsets.UTF_8)));
    return root;
  }

  /** Writes one result; returns its control tokens. */
  private static Set<String> result(ObjectNode r, Assessment a, Section s, String base) {
    String prefix = s.properties().getOrDefault("control-prefix", "");
    r.put("uuid", Uuids.of(base));
    r.put("title", nonEmpty(s.title()));
    r.put("description", nonEmpty(s.summary() + (s.subject().isEmpty() ? "" : " on " + s.subject()) + "."));
    r.put("start", a.startedAt().toString());
    r.put("end", a.endedAt().toString());
    ArrayNode props = r.putArray("props");
    prop(props, "section", s.id());
    s.properties().forEach((k, v) -> prop(props, token(k), v));
    Set<String> controls = new LinkedHashSet<>();
    s.findings().forEach(f -> f.controls().forEach(c -> controls.add(token(prefix + c))));
    reviewedControls(r, controls);
    String itemUuid = Uuids.of(base + "|item");
    ObjectNode item = r.putObject("local-definitions").putArray("inventory-items").addObject().put("uuid", itemUuid)
        .put("description", nonEmpty(s.subject().isEmpty() ? s.id() : s.subject()));
    item.putArray("props").addObject().put("name", "asset-id").put("value", nonEmpty(s.subject().isEmpty() ? s.id() : s.subject()));
    Map<String, List<String>> obsByObjective = new LinkedHashMap<>();
    Map<String, Finding.Status> worst = new LinkedHashMap<>();
    if (!s.findings().isEmpty()) {
      ArrayNode observations = r.putArray("observations");
      for (int i = 0; i < s.findings().size(); i++) {
        Finding f = s.findings().get(i);
        String obs = Uuids.of(base + "|obs|" + i + "|" + f.id());
        observation(observations.addObject(), obs, itemUuid, f, a.startedAt().toString());
        List<String> objectives = f.controls().isEmpty() ? List.of(token(f.id()))
            : f.controls().stream().map(c -> token(prefix + c)).toList();
        for (String o : objectives) {
          obsByObjective.computeIfAbsent(o, k -> new ArrayList<>()).add(obs);
          worst.merge(o, f.status(), OscalWriter::worse);
        }
      }
    }
    ArrayNode findings = JsonWriter.MAPPER.createArrayNode();
    worst.forEach((objective, status) -> {
      if (status != Finding.Status.NOT_APPLICABLE) {
        finding(findings.addObject(), base, s, objective, status, obsByObjective.get(objective));
      }
    });
    if (!findings.isEmpty()) {
      r.set("findings", findings);
    }
    return controls;
  }

  /** Rank for the roll-up: fail, error, unknown, exempt, pass, not applicable. */
  private static int rank(Finding.Status s) {
    return switch (s) {
      case FAIL -> 5;
      case ERROR -> 4;
      case UNKNOWN -> 3;
      case EXEMPT -> 2;
      case PASS -> 1;
      case NOT_APPLICABLE -> 0;
    };
  }

  private static Finding.Status worse(Finding.Status a, Finding.Status b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static void observation(ObjectNode o, String uuid, String itemUuid, Finding f, String at) {
    o.put("uuid", uuid).put("title", nonEmpty(f.id()));
    o.put("description", nonEmpty(f.title() + ": " + f.state()));
    ArrayNode props = o.putArray("props");
    prop(props, "status", f.status().label());
    prop(props, "state", f.state());
    prop(props, "severity", f.severity().id());
    if (!f.category().isEmpty()) {
      prop(props, "category", f.category());
    }
    o.putArray("methods").add("TEST");
    o.putArray("subjects").addObject().put("subject-uuid", itemUuid).put("type", "inventory-item");
    ArrayNode ev = o.putArray("relevant-evidence");
    for (Finding.Evidence e : f.evidence()) {
      ev.addObject().put("href", "journal:seq/" + e.seq()).put("description", "journal record " + e.seq() + " hash " + e.hash());
    }
    String observed = f.status().decided() || f.reasons().isEmpty() ? f.observed() : String.join("; ", f.reasons());
    ev.addObject().put("description", nonEmpty((f.expected().isEmpty() ? "" : "Expected " + f.expected() + "; ")
        + "observed: " + observed));
    o.put("collected", at);
    if (!f.reasons().isEmpty()) {
      o.put("remarks", nonEmpty(String.join("; ", f.reasons())));
    }
  }

  private static void finding(ObjectNode f, String base, Section s, String objective, Finding.Status status, List<String> obs) {
    f.put("uuid", Uuids.of(base + "|finding|" + objective));
    f.put("title", objective + " on " + nonEmpty(s.subject().isEmpty() ? s.id() : s.subject()));
    f.put("description", nonEmpty("Objective " + objective + " of " + s.id() + ": " + status.label()));
    ObjectNode target = f.putObject("target").put("type", "objective-id").put("target-id", objective);
    ObjectNode st = target.putObject("status");
    boolean ok = status == Finding.Status.PASS || status == Finding.Status.EXEMPT;
    st.put("state", ok ? "satisfied" : "not-satisfied");
    st.put("reason", ok ? "pass" : status == Finding.Status.FAIL ? "fail" : "other");
    if (status != Finding.Status.PASS) {
      st.put("remarks", status.label());
    }
    ArrayNode rel = f.putArray("related-observations");
    obs.forEach(u -> rel.addObject().put("observation-uuid", u));
  }

  /** The minimal assessment plan the results import: metadata, import-ssp and reviewed controls. */
  static ObjectNode assessmentPlan(String run, String at, String tool, Set<String> controls) {
    ObjectNode root = JsonWriter.MAPPER.createObjectNode();
    ObjectNode ap = root.putObject("assessment-plan");
    ap.put("uuid", Uuids.of(run + "|ap"));
    metadata(ap.putObject("metadata"), "ai-audit automated assessment plan (" + tool + ")", at);
    ap.putObject("import-ssp").put("href", "#ai-audit-inventory");
    reviewedControls(ap, controls);
    return root;
  }

  /** {@code reviewed-controls}: the given controls, or all when there are none. */
  private static void reviewedControls(ObjectNode parent, Set<String> controls) {
    ObjectNode selection = parent.putObject("reviewed-controls").putArray("control-selections").addObject();
    if (controls.isEmpty()) {
      selection.putObject("include-all");
    } else {
      ArrayNode include = selection.putArray("include-controls");
      controls.forEach(c -> include.addObject().put("control-id", c));
    }
  }

  private static void metadata(ObjectNode m, String title, String at) {
    m.put("title", title).put("last-modified", at).put("version", "1").put("oscal-version", OSCAL_VERSION);
  }

  private static void prop(ArrayNode props, String name, String value) {
    props.addObject().put("name", name).put("ns", NS).put("value", nonEmpty(value));
  }

  /** An OSCAL token: lower case, letters, digits, {@code . _ -}, starting with a letter. */
  static String token(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return t.isEmpty() || !Character.isLetter(t.charAt(0)) ? "c-" + t : t;
  }

  private static String nonEmpty(String s) {
    String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return t.isEmpty() ? "n/a" : t;
  }
}
