package dev.aiaudit.cli.wiring;

import dev.aiaudit.cli.config.ExportConfig;
import dev.aiaudit.cli.config.SinkConfig;
import dev.aiaudit.export.CheckpointSource;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.ExportStats;
import dev.aiaudit.export.RecordFilter;
import dev.aiaudit.export.RecordSource;
import dev.aiaudit.export.Severity;
import dev.aiaudit.export.SinkTransport;
import dev.aiaudit.export.Tls;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.kafka.KafkaTransport;
import dev.aiaudit.export.otlp.OtlpProtocol;
import dev.aiaudit.export.otlp.OtlpTransport;
import dev.aiaudit.export.syslog.Rfc5424;
import dev.aiaudit.export.syslog.SyslogProtocol;
import dev.aiaudit.export.syslog.SyslogTransport;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Builds the configured exporters over the agent's journal; each sink's cursor lives in {@code <data-dir>/export/}. */
public final class ExportWiring {
  private ExportWiring() {}

  /**
   * The journal as the exporters read it: what is on disk, never past the durable seq, resuming each pass at the
   * file position where the last one stopped ({@link JournalTail}).
   */
  public static RecordSource source(Journal journal) {
    return new JournalTail(journal);
  }

  /** The journal's signed checkpoints, for sinks that carry them (Kafka, to {@code serve}). */
  public static CheckpointSource checkpoints(Journal journal) {
    return new JournalCheckpoints(journal);
  }

  /** Builds (not starts) one exporter per configured sink. */
  public static List<Exporter> build(ExportConfig config, RecordSource source, Path dataDir, String host, Consumer<Event> selfReport)
      throws Exception {
    return build(config, source, null, dataDir, host, selfReport);
  }

  /** As above; Kafka sinks also ship the signed checkpoints (each exporter reads them on its own). */
  public static List<Exporter> build(ExportConfig config, RecordSource source, java.util.function.Supplier<CheckpointSource> checkpoints,
      Path dataDir, String host, Consumer<Event> selfReport) throws Exception {
    List<Exporter> out = new ArrayList<>();
    for (SinkConfig s : config.sinks()) {
      SinkTransport t = transport(s, host);
      Exporter.Builder b = Exporter.builder(s.name(), source, t, new CursorFile(dataDir.resolve("export").resolve(s.name() + ".cursor")))
          .setFilter(filter(s.filter()))
          .setMaxBatch(s.batchSize())
          .setBacklogThreshold(config.backlogThreshold())
          .setHost(host)
          .setSelfReport(selfReport);
      if (checkpoints != null && s.type() == SinkConfig.Type.KAFKA) {
        b.setCheckpoints(checkpoints.get());
      }
      out.add(b.build());
    }
    return out;
  }

  static SinkTransport transport(SinkConfig s, String host) throws Exception {
    byte[] ca = s.ca() == null ? null : Files.readAllBytes(s.ca().path());
    return switch (s.type()) {
      case SYSLOG -> {
        int colon = s.address().lastIndexOf(':');
        String h = s.address().substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(s.address().substring(colon + 1));
        SyslogProtocol p = SyslogProtocol.parse(s.protocol());
        javax.net.ssl.SSLContext tls = p != SyslogProtocol.TLS ? null
            : s.cert() != null ? Tls.client(ca, Files.readAllBytes(s.cert().path()), Files.readAllBytes(s.key().path()))
            : ca == null ? Tls.systemDefault() : Tls.trusting(ca);
        yield new SyslogTransport(h, port, p, tls,
            new Rfc5424(s.facility(), "ai-audit", Long.toString(ProcessHandle.current().pid())), (int) s.timeout().toMillis());
      }
      case OTLP -> new OtlpTransport(OtlpProtocol.parse(s.protocol()), s.endpoint().toString(), host, ca,
          s.key() == null ? null : Files.readAllBytes(s.key().path()),
          s.cert() == null ? null : Files.readAllBytes(s.cert().path()), s.headers(), s.timeout(), s.compression());
      case KAFKA -> new KafkaTransport(s.bootstrap(), s.topic(), s.timeout(), s.properties(), "ai-audit-" + host + "-" + s.name());
    };
  }

  static RecordFilter filter(SinkConfig.FilterConfig f) {
    Set<AssetKind> kinds = f.assetKinds().stream().map(AssetKind::parse).collect(Collectors.toSet());
    return new RecordFilter(new HashSet<>(f.classes()), kinds, f.minSeverity() == null ? 0 : Severity.parse(f.minSeverity()));
  }

  /** {@code "export":[...]} for status.json. */
  public static String statusJson(List<Exporter> exporters) {
    return exporters.stream().map(Exporter::stats).map(ExportStats::toJson).collect(Collectors.joining(",", "[", "]"));
  }
}
