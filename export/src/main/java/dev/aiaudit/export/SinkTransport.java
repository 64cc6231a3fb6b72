package dev.aiaudit.export;

import java.util.List;

/**
 * One destination (a syslog server, an OTLP collector, a Kafka cluster). {@link #send} returns only once the
 * destination acknowledged the whole batch; any exception means "not acknowledged" and the batch is sent again.
 * Connecting is lazy: a destination unreachable at start costs backlog, not the agent.
 */
public interface SinkTransport extends AutoCloseable {

  /** Delivers the batch (in seq order) or throws. */
  void send(List<ExportRecord> batch) throws Exception;

  /** Short description for logs and status ({@code syslog+tls://127.0.0.1:6514}). */
  String describe();

  @Override
  void close();
}
