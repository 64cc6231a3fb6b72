package dev.aiaudit.export.kafka;

/**
 * The wire shape of one record on the topic: key = host (UTF-8), value = the OCSF JSON exactly as the journal
 * hashed it, headers {@code seq}, {@code time_ns} (decimal ASCII), {@code hash}, {@code prev_hash} (hex). With
 * these a collector recomputes every record's chain hash.
 */
public final class KafkaRecordHeaders {
  public static final String SEQ = "seq";
  public static final String TIME_NS = "time_ns";
  public static final String HASH = "hash";
  public static final String PREV_HASH = "prev_hash";

  private KafkaRecordHeaders() {}
}
