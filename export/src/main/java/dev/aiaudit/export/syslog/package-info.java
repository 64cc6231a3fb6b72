/**
 * Syslog exporter: RFC 5424 messages with an {@code [aiaudit@32473 seq hash ...]} structured data element and the
 * OCSF JSON as MSG, over TCP with octet-counting framing (RFC 6587 3.4.1), over TLS (RFC 5425), or, explicitly
 * lossy, over UDP (RFC 5426).
 */
package dev.aiaudit.export.syslog;
