package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;

/** Test fixtures: JSON resources, RFC 7386 merge patches, the fixed evaluation clock. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String DEPLOYMENT = "k8s:ml/Deployment/credit-scorer";

  private Fixtures() {}

  static JsonNode resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode baseItem() {
    return (ObjectNode) resource("inventory/compliant-high-risk.json");
  }

  static ObjectNode goodEvidence() {
    return (ObjectNode) resource("evidence/good.json");
  }

  static EvidenceSource evidence(JsonNode doc) {
    return FileEvidenceSource.of("evidence.json", doc);
  }

  /** Applies an RFC 7386 merge patch (null removes) to a copy of {@code target}. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isMissingNode()) {
      return target.deepCopy();
    }
    if (!patch.isObject() || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = (ObjectNode) target.deepCopy();
    Iterator<String> it = patch.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      JsonNode v = patch.get(k);
      if (v.isNull()) {
        out.remove(k);
      } else if (out.has(k)) {
        out.set(k, merge(out.get(k), v));
      } else {
        out.set(k, v.deepCopy());
      }
    }
    return out;
  }
}
