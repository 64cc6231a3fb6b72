package dev.aiaudit.export.syslog;

import dev.aiaudit.export.ExportRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats one record as an RFC 5424 message:
 * {@code <PRI>1 TIMESTAMP HOSTNAME ai-audit PROCID MSGID [aiaudit@32473 seq="" hash="" prev_hash="" class_uid=""
 * severity_id=""] BOM OCSF-JSON}. 32473 is the private enterprise number RFC 5612 reserves for documentation
 * (ai-audit has none of its own). The severity maps from OCSF (1 informational -> 6 info ... 6 fatal -> 1 alert).
 */
public final class Rfc5424 {
  /** The SD-ID of the structured data element. */
  public static final String SD_ID = "aiaudit@32473";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final int facility;
  private final String appName;
  private final String procId;

  /**
   * @param facility syslog facility 0..23 (default 13, log audit)
   * @param appName APP-NAME (printable ASCII, at most 48 characters)
   * @param procId PROCID, e.g. the agent's pid
   */
  public Rfc5424(int facility, String appName, String procId) {
    if (facility < 0 || facility > 23) {
      throw new IllegalArgumentException("syslog facility must be 0..23: " + facility);
    }
    this.facility = facility;
    this.appName = header(appName, 48);
    this.procId = header(procId, 128);
  }

  /** OCSF severity_id to syslog severity. */
  public static int syslogSeverity(int ocsfSeverityId) {
    return switch (ocsfSeverityId) {
      case 2 -> 5;
      case 3 -> 4;
      case 4 -> 3;
      case 5 -> 2;
      case 6 -> 1;
      default -> 6;
    };
  }

  public byte[] format(ExportRecord r) {
    StringBuilder b = new StringBuilder(256);
    b.append('<').append(facility * 8 + syslogSeverity(r.severityId())).append(">1 ")
        .append(TIME.format(Instant.ofEpochSecond(0, r.event().timeNs()))).append(' ')
        .append(header(r.event().host(), 255)).append(' ')
        .append(appName).append(' ').append(procId).append(' ')
        .append("ocsf-").append(r.event().classUid()).append(' ')
        .append('[').append(SD_ID)
        .append(" seq=\"").append(r.seq()).append('"')
        .append(" hash=\"").append(r.hash()).append('"')
        .append(" prev_hash=\"").append(r.prevHash()).append('"')
        .append(" class_uid=\"").append(r.event().classUid()).append('"')
        .append(" severity_id=\"").append(r.severityId()).append('"')
        .append("] ");
    byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + BOM.length + r.ocsf().length);
    out.writeBytes(head);
    out.writeBytes(BOM);
    out.writeBytes(r.ocsf());
    return out.toByteArray();
  }

  /** A header field: printable US-ASCII without spaces, at most {@code max} characters, "-" when empty. */
  static String header(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      b.append(c > 32 && c < 127 ? c : '_');
    }
    return b.toString();
  }
}
