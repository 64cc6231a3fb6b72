package dev.aiaudit.export;

/**
 * One exporter's counters, as {@code status.json} shows them.
 *
 * @param name sink name
 * @param destination where it sends ({@link SinkTransport#describe()})
 * @param ackedSeq last seq the sink acknowledged (the cursor)
 * @param durableSeq last seq on stable storage in the journal
 * @param backlog records the sink has not acknowledged ({@code durableSeq - ackedSeq})
 * @param sent records delivered (acknowledged) since start, duplicates after a retry included
 * @param filtered records skipped by the exporter's filter since start
 * @param failedAttempts batches the sink did not acknowledge since start (each was retried)
 * @param lastError the last delivery error, or {@code null} when the last attempt succeeded
 */
public record ExportStats(String name, String destination, long ackedSeq, long durableSeq, long backlog, long sent,
    long filtered, long failedAttempts, String lastError) {

  /** This stats object as a JSON object (strings escaped). */
  public String toJson() {
    return "{\"name\":" + quote(name) + ",\"destination\":" + quote(destination) + ",\"acked_seq\":" + ackedSeq
        + ",\"durable_seq\":" + durableSeq + ",\"backlog\":" + backlog + ",\"sent\":" + sent + ",\"filtered\":" + filtered
        + ",\"failed_attempts\":" + failedAttempts + ",\"last_error\":" + (lastError == null ? "null" : quote(lastError)) + "}";
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
