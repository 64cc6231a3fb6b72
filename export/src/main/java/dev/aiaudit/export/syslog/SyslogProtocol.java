package dev.aiaudit.export.syslog;

import java.util.Locale;

/** How syslog messages travel. */
public enum SyslogProtocol {
  /** TCP with octet-counting framing (RFC 6587); acknowledged when the socket accepted the bytes. */
  TCP,
  /** TLS with octet-counting framing (RFC 5425). */
  TLS,
  /** UDP, one message per datagram (RFC 5426): lossy, never acknowledged by the receiver. */
  UDP;

  public static SyslogProtocol parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown syslog protocol '" + s + "' (expected tcp, tls or udp)");
    }
  }
}
