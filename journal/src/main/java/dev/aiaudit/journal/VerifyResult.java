package dev.aiaudit.journal;

/**
 * The outcome of {@link JournalVerifier#verify}.
 *
 * @param ok true when every record, segment and checkpoint checks out
 * @param records records that checked out before the first problem (all of them when ok)
 * @param segments segment files found
 * @param checkpoints checkpoint entries found
 * @param firstBadSeq the seq of the first record that is altered, missing, out of place or cut off; -1 if ok
 * @param problem {@code "<kind>: <what, naming the record and file>"} where kind is one of {@code altered},
 *     {@code removed}, {@code reordered}, {@code truncated}, {@code bad signature}; empty when ok
 * @param lastSeq last seq that checked out (0 for an empty journal)
 * @param lastHash hex chain hash of that record (64 zeros for an empty journal)
 * @param highWaterMark the seq the high-water mark file names, -1 when there is none
 * @param keys fingerprints of the signing keys in order (more than one after {@code keys rotate})
 */
public record VerifyResult(
    boolean ok,
    long records,
    long segments,
    long checkpoints,
    long firstBadSeq,
    String problem,
    long lastSeq,
    String lastHash,
    long highWaterMark,
    java.util.List<String> keys) {

  public VerifyResult {
    keys = java.util.List.copyOf(keys);
  }

  public static final String ALTERED = "altered";
  public static final String REMOVED = "removed";
  public static final String REORDERED = "reordered";
  public static final String TRUNCATED = "truncated";
  public static final String BAD_SIGNATURE = "bad signature";

  /** The problem kind (text before the first colon), or empty when ok. */
  public String kind() {
    int colon = problem.indexOf(':');
    return colon < 0 ? problem : problem.substring(0, colon);
  }
}
