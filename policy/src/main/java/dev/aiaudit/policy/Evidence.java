package dev.aiaudit.policy;

import java.util.List;

/**
 * One answer of an {@link EvidenceSource}: either known (a value plus the records it rests on) or
 * unknown (with the reason). Policies that need an unknown answer evaluate to
 * {@link ComplianceState#UNKNOWN}, never to compliant.
 *
 * @param known whether the source could answer
 * @param value the answer; {@code null} when unknown
 * @param records the journal records cited (may be a sample; the value is exact)
 * @param detail a short human note (why unknown, or where the answer came from)
 * @param <T> the answer type
 */
public record Evidence<T>(boolean known, T value, List<EvidenceRecord> records, String detail) {

  /** At most this many records are cited per answer. */
  public static final int MAX_CITED = 16;

  public Evidence {
    records = List.copyOf(records.size() > MAX_CITED ? records.subList(0, MAX_CITED) : records);
    if (known && value == null) {
      throw new IllegalArgumentException("a known answer needs a value");
    }
  }

  public static <T> Evidence<T> of(T value, List<EvidenceRecord> records, String detail) {
    return new Evidence<>(true, value, records, detail);
  }

  public static <T> Evidence<T> unknown(String why) {
    return new Evidence<>(false, null, List.of(), why);
  }
}
