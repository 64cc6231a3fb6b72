package dev.aiaudit.export.kafka;

/**
 * The wire shape of one record on the topic: key = host (UTF-8), value = the OCSF JSON exactly as the journal
 * hashed it, headers {@code seq}, {@code time_ns} (decimal ASCII), {@code hash}, {@code prev_hash} (hex). With
 * these a collector recomputes every record's chain hash. Signed checkpoints travel on the same key with
 * {@code type=checkpoint} and {@code public_key}.
 */
public final class KafkaRecordHeaders {
  public static final String SEQ = "seq";
  public static final String TIME_NS = "time_ns";
  public static final String HASH = "hash";
  public static final String PREV_HASH = "prev_hash";
  /** Absent on records; {@value #TYPE_CHECKPOINT} on a signed checkpoint (value = the journal's 128-byte entry). */
  public static final String TYPE = "type";
  public static final String TYPE_CHECKPOINT = "checkpoint";
  /** On a checkpoint: X.509 DER of the public key the host's journal signs with. */
  public static final String PUBLIC_KEY = "public_key";

  private KafkaRecordHeaders() {}
}
