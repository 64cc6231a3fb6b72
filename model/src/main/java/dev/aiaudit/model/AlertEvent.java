package dev.aiaudit.model;

import java.util.List;
import java.util.Objects;

/**
 * A rule or detector judged one or more journaled records suspicious (OCSF Detection Finding,
 * class_uid 2004). An alert is a record like any other: journaled in the same hash chain as the
 * accesses it cites, indexed, queried with {@code query --class alert}.
 *
 * @param timeNs when the alert was raised, ns since the epoch
 * @param host host the triggering records were seen on
 * @param ruleId id of the rule or detector ({@code weights-copied-to-tmp}, {@code first-seen-exe-asset})
 * @param title one-line title of the rule
 * @param description what the rule means and why it matters
 * @param severity severity the rule gives
 * @param tags the rule's tags: MITRE ATT&CK technique ids ({@code T1005}), regulation references
 *     ({@code eu-ai-act:art-15}, {@code nist-ai-rmf:MS-2.7}) and free words
 * @param cites the triggering records by journal seq + chain hash, at least one
 * @param groupKey the rule's {@code group_by} values joined by {@code |} (the dedup/throttle key);
 *     empty when the rule has no {@code group_by}
 * @param suppressed alerts of the same rule and group key throttled since the previous alert of
 *     that key: this alert stands for {@code suppressed + 1} matches
 * @param message one line about the triggering record (process, file, user)
 * @param source what raised it: {@code rules} or {@code detector}
 * @param measure for detectors: the baseline, the observed value and the threshold; {@code null} for rules
 */
public record AlertEvent(
    long timeNs,
    String host,
    String ruleId,
    String title,
    String description,
    AlertSeverity severity,
    List<String> tags,
    List<Citation> cites,
    String groupKey,
    long suppressed,
    String message,
    String source,
    Measure measure)
    implements Event {

  public static final int CLASS_UID = 2004;

  public AlertEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(source, "source");
    tags = List.copyOf(tags);
    cites = List.copyOf(cites);
    if (ruleId.isEmpty()) {
      throw new IllegalArgumentException("ruleId must not be empty");
    }
    if (suppressed < 0) {
      throw new IllegalArgumentException("suppressed must be >= 0: " + suppressed);
    }
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }

  /** The same alert standing for {@code n} earlier throttled matches. */
  public AlertEvent withSuppressed(long n) {
    return new AlertEvent(timeNs, host, ruleId, title, description, severity, tags, cites, groupKey, n, message,
        source, measure);
  }

  /**
   * A journaled record an alert rests on.
   *
   * @param seq journal sequence number
   * @param hash lower-case hex chain hash of that record
   */
  public record Citation(long seq, String hash) {
    public Citation {
      Objects.requireNonNull(hash, "hash");
      if (seq < 1) {
        throw new IllegalArgumentException("seq must be >= 1: " + seq);
      }
    }

    public static Citation of(RecordedEvent r) {
      return new Citation(r.seq(), r.hash());
    }
  }

  /**
   * What a stateful detector measured.
   *
   * @param metric what was measured ({@code first_seen}, {@code reads_per_window})
   * @param baseline the learned value (0 for first-seen)
   * @param observed the value that triggered
   * @param threshold the value above which it alerts
   */
  public record Measure(String metric, double baseline, double observed, double threshold) {
    public Measure {
      Objects.requireNonNull(metric, "metric");
    }
  }
}
