package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.Evidence;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.JournalVerification;
import dev.aiaudit.policy.RetainedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The related-evidence lookup of an {@code auditIfNotExists} policy ({@code then.details}): which
 * question to ask the {@link EvidenceSource}, and the {@code existenceCondition} the answer must
 * satisfy. The answer is exposed to the condition as a small object:
 *
 * <ul>
 *   <li>{@code AiAudit/journal.events} ({@code kind}, {@code window}): {@code count}
 *   <li>{@code AiAudit/journal.oldestRecord}: {@code ageDays}, {@code time}, {@code seq},
 *       {@code coversDeployment} (oldest record predates the deployment's {@code observed.firstSeen})
 *   <li>{@code AiAudit/journal.verification}: {@code ok}, {@code firstBadSeq}
 *   <li>{@code AiAudit/journal.retention}: {@code retentionDays}
 *   <li>{@code AiAudit/journal.weightReads} ({@code approvedPrincipals}, {@code window}): {@code count}
 *   <li>{@code AiAudit/journal.weightAlerts} ({@code window}): {@code count}
 * </ul>
 */
public record EvidenceQuery(Type type, String kind, Duration window, Set<String> approved, Condition existence) {

  /** The evidence types, by their {@code details.type} name. */
  public enum Type {
    EVENTS("AiAudit/journal.events"),
    OLDEST_RECORD("AiAudit/journal.oldestRecord"),
    VERIFICATION("AiAudit/journal.verification"),
    RETENTION("AiAudit/journal.retention"),
    WEIGHT_READS("AiAudit/journal.weightReads"),
    WEIGHT_ALERTS("AiAudit/journal.weightAlerts");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }

    public static Type byName(String name) {
      for (Type t : values()) {
        if (t.wire.equalsIgnoreCase(name)) {
          return t;
        }
      }
      return null;
    }
  }

  public EvidenceQuery {
    approved = Set.copyOf(approved);
  }

  /** Asks the source; the answer's value is rendered as the object the existence condition reads. */
  public Evidence<ObjectNode> ask(JsonNode item, EvidenceSource source, Instant now) {
    String id = item.path("id").asText();
    Instant since = now.minus(window);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    return switch (type) {
      case EVENTS -> count(source.events(id, kind, since), o);
      case WEIGHT_READS -> count(source.unapprovedWeightReads(id, approved, since), o);
      case WEIGHT_ALERTS -> count(source.weightAlerts(id, since), o);
      case RETENTION -> {
        Evidence<Duration> e = source.retention();
        if (!e.known()) {
          yield Evidence.unknown(e.detail());
        }
        o.put("retentionDays", e.value().toDays());
        yield Evidence.of(o, e.records(), e.detail());
      }
      case VERIFICATION -> {
        Evidence<JournalVerification> e = source.verification();
        if (!e.known()) {
          yield Evidence.unknown(e.detail());
        }
        o.put("ok", e.value().ok());
        o.put("firstBadSeq", e.value().firstBadSeq());
        o.put("verifiedAt", e.value().verifiedAt().toString());
        yield Evidence.of(o, e.records(), e.detail());
      }
      case OLDEST_RECORD -> oldest(source.oldestRecord(), item, now, o);
    };
  }

  private static Evidence<ObjectNode> count(Evidence<Long> e, ObjectNode o) {
    if (!e.known()) {
      return Evidence.unknown(e.detail());
    }
    o.put("count", e.value());
    return Evidence.of(o, e.records(), e.detail());
  }

  private static Evidence<ObjectNode> oldest(Evidence<RetainedRecord> e, JsonNode item, Instant now, ObjectNode o) {
    if (!e.known()) {
      return Evidence.unknown(e.detail());
    }
    RetainedRecord r = e.value();
    o.put("time", r.time().toString());
    o.put("seq", r.seq());
    o.put("ageDays", Duration.between(r.time(), now).toDays());
    String first = item.path("observed").path("firstSeen").asText("");
    Instant firstSeen = first.isEmpty() ? null : Values.tryInstant(first);
    if (firstSeen != null) {
      o.put("coversDeployment", !r.time().isAfter(firstSeen));
    }
    return Evidence.of(o, e.records(), e.detail());
  }

  private String windowText() {
    long days = window.toDays();
    return window.equals(Duration.ofDays(days)) ? "P" + days + "D" : window.toString();
  }

  /** A short label for reasons: {@code journal.events(kind=model.load, window=P1D)}. */
  public String label() {
    String base = type.wireName().substring(type.wireName().indexOf('/') + 1);
    return switch (type) {
      case EVENTS -> base + "(kind=" + (kind.isEmpty() ? "any" : kind) + ", window=" + windowText() + ")";
      case WEIGHT_READS, WEIGHT_ALERTS -> base + "(window=" + windowText() + ")";
      default -> base;
    };
  }
}
