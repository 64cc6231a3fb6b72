/**
 * Exporters: every record of the journal leaves the host through one or more sinks (syslog, OTLP logs,
 * Kafka). The journal is the spool: each {@link dev.aiaudit.export.Exporter} reads it from its own
 * durable cursor ({@link dev.aiaudit.export.cursor.CursorFile}) and advances the cursor only when the sink
 * acknowledged a batch, so an outage, a slow sink or a kill -9 costs backlog, never records (at-least-once;
 * a duplicate carries the same seq and hash).
 */
package dev.aiaudit.export;
