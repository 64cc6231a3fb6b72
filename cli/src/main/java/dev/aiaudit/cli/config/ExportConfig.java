package dev.aiaudit.cli.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code export:} section of the configuration: where records go besides the journal and the store.
 *
 * @param backlogThreshold a sensor record is journaled when a sink's backlog reaches this many records
 * @param sinks the exporters, each with its own cursor ({@code <data-dir>/export/<name>.cursor})
 */
public record ExportConfig(Long backlogThreshold, List<SinkConfig> sinks) {

  public static final ExportConfig NONE = new ExportConfig(null, null);

  public ExportConfig {
    backlogThreshold = backlogThreshold == null ? 100_000L : backlogThreshold;
    if (backlogThreshold < 1) {
      throw new IllegalArgumentException("export.backlog_threshold must be >= 1");
    }
    sinks = sinks == null ? List.of() : List.copyOf(sinks);
    Set<String> names = new HashSet<>();
    for (SinkConfig s : sinks) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("export.sinks: two sinks are named '" + s.name() + "' (each name owns a cursor file)");
      }
    }
  }
}
