package dev.aiaudit.bench.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import dev.aiaudit.policy.EvidenceSource;

/**
 * Deterministic synthetic inventories and evidence for the benchmark: a seeded mix of risk classes,
 * generative and GPAI systems, missing documentation, unpinned images and about 5% shadow AI.
 */
public final class SyntheticInventory {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] RISK = {"high", "high", "limited", "minimal", "gpai", "gpai-systemic", "high", "minimal"};
  private static final String[] LABEL = {"c2pa", "watermark", "metadata", "none"};
  private static final String[] ANNOTATIONS = {"risk-management-ref", "bias-examination-ref", "technical-documentation",
      "logging-schema", "stop-mechanism", "monitoring", "post-market-monitoring-plan", "bom-ref", "evaluation-test-set",
      "fairness-assessment", "change-approval-ref", "copyright-policy", "training-content-summary", "gpai-technical-documentation"};

  private SyntheticInventory() {}

  /** {@code n} items; the same seed gives the same items. */
  public static List<JsonNode> items(int n, long seed) {
    Random r = new Random(seed);
    List<JsonNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(item(i, r));
    }
    return out;
  }

  private static JsonNode item(int i, Random r) {
    ObjectNode o = F.objectNode();
    boolean shadow = r.nextInt(20) == 0;
    String ns = "team-" + (i % 50);
    String name = "model-" + i;
    o.put("id", shadow ? "host:containerd://" + hex(r, 12) : "k8s:" + ns + "/Deployment/" + name);
    o.put("declared", !shadow);
    if (shadow) {
      ObjectNode obs = o.putObject("observed");
      obs.putArray("gpuDevices").add("/dev/nvidia" + r.nextInt(8));
      obs.putArray("processes").addObject().put("pid", 1000 + r.nextInt(30000)).put("exe", "/usr/bin/python3");
      return o;
    }
    o.put("kind", "Deployment").put("name", name).put("namespace", ns).put("replicas", 1 + r.nextInt(4));
    o.putObject("labels").put("app", name);
    ObjectNode ann = o.putObject("annotations");
    for (String a : ANNOTATIONS) {
      if (r.nextInt(10) < 8) {
        ann.put("ai-audit.io/" + a, "https://docs.example/" + name + "/" + a);
      }
    }
    ann.put("ai-audit.io/annex-iii-category", r.nextBoolean() ? "4(a)" : "5(b)");
    ann.put("ai-audit.io/red-team-last-date", "2026-0" + (1 + r.nextInt(9)) + "-15");
    ann.put("ai-audit.io/training-compute-flops", r.nextInt(4) == 0 ? "3e25" : "1e23");
    o.putObject("accelerators").put("nvidia.com/gpu", 1 + r.nextInt(8));
    ArrayNode cs = o.putArray("containers");
    for (int c = 0, k = 1 + r.nextInt(3); c < k; c++) {
      String img = "registry.example/" + name + (r.nextInt(4) == 0 ? ":latest" : "@sha256:" + hex(r, 32));
      cs.addObject().put("name", "c" + c).put("image", img);
    }
    ObjectNode m = o.putObject("model").put("name", name).put("version", "1." + r.nextInt(10) + ".0");
    if (r.nextInt(10) > 0) {
      m.put("digest", "sha256:" + hex(r, 32));
    }
    if (r.nextInt(10) > 1) {
      ObjectNode card = m.putObject("card").put("license", r.nextInt(6) == 0 ? "proprietary" : "apache-2.0")
          .put("version", m.get("version").asText()).put("limitations", "synthetic");
      card.putArray("datasets").add("example/data-" + r.nextInt(100));
      card.putArray("metrics").add("accuracy");
      if (r.nextBoolean()) {
        card.put("baseModel", "example/base-" + r.nextInt(5));
      }
      m.put("cardRef", "hf://example/" + name);
    }
    ObjectNode ai = o.putObject("ai").put("riskClass", RISK[r.nextInt(RISK.length)]).put("intendedPurpose", "synthetic")
        .put("generative", r.nextBoolean()).put("contentLabelling", LABEL[r.nextInt(LABEL.length)]);
    if (r.nextInt(10) > 1) {
      ai.put("oversightContact", "owner-" + (i % 50) + "@example.com").put("instructionsForUse", "https://docs.example/ifu")
          .put("registrationId", "EU-" + i).put("dataProvenance", "synthetic");
    }
    return o;
  }

  /** Evidence for {@code items}: retention, verification and a few events per declared deployment. */
  public static JsonNode evidence(List<JsonNode> items, Instant now, long seed) {
    Random r = new Random(seed);
    ObjectNode e = F.objectNode();
    e.put("retention", "P200D");
    e.putObject("oldestRecord").put("time", now.minusSeconds(86400L * 300).toString()).put("seq", 1).put("hash", hex(r, 32));
    e.putObject("verification").put("ok", true).put("firstBadSeq", -1).put("lastSeq", 1_000_000).put("lastHash", hex(r, 32));
    ArrayNode events = e.putArray("events");
    ArrayNode reads = e.putArray("weightReads");
    e.putArray("alerts");
    long seq = 2;
    for (JsonNode item : items) {
      String id = item.path("id").asText();
      for (String kind : new String[] {"inference", "model.load", "gpu.telemetry", "oversight.stop"}) {
        if (r.nextInt(10) < 8) {
          events.addObject().put("deployment", id).put("kind", kind)
              .put("time", now.minusSeconds(r.nextInt(80_000)).toString()).put("seq", seq++).put("hash", hex(r, 32));
        }
      }
      if (r.nextInt(50) == 0) {
        reads.addObject().put("deployment", id).put("principal", "uid:" + r.nextInt(2000))
            .put("time", now.minusSeconds(3600).toString()).put("seq", seq++).put("hash", hex(r, 32));
      }
    }
    return e;
  }

  /** The file-format evidence source over an in-memory document. */
  public static EvidenceSource evidenceSource(JsonNode doc) {
    return EvidenceSource.fromDocument("synthetic", doc);
  }

  private static String hex(Random r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
