package dev.aiaudit.cli;

import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.GpuReport;
import dev.aiaudit.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ai-audit gpu report}: GPU-hours, peak memory and energy per pod, container, user or process. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
      "GPU use per pod, container, user or process from the journaled GPU process samples: GPU-hours (the time the",
      "samples stand for, accurate to one sampling interval), SM-busy GPU-hours where NVML reports per-process",
      "utilisation (not on MIG GPUs), peak device memory with the seq of the sample that shows it, and energy in kWh",
      "(each process's share of its GPU's energy). Reads the index read-only, or a snapshot while the agent runs."
    },
    footer = {
      "",
      "Examples:",
      "  ai-audit gpu report --since 24h --by pod",
      "  ai-audit gpu report --since 2026-11-24 --until 2026-11-25 --by user --format csv",
      "",
      "Exit status: 0 success (also with no GPU records), 1 the index cannot be read, 2 bad arguments."
    })
public final class GpuReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./ai-audit-data",
      description = "Data directory holding events.duckdb (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
      description = "Samples at or after WHEN: a duration back from now (1h, 24h, 7d) or an ISO time (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Samples before WHEN (same forms as --since).")
  String until;

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "pod",
      description = "Group by pod (Kubernetes pod uid), container, user or process (executable). Default: ${DEFAULT-VALUE}.")
  String by;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), json or csv (RFC 4180).")
  String format;

  @Option(names = "--no-snapshot", description = "Fail when the running agent holds the index, instead of reading a copy.")
  boolean noSnapshot;

  /** Clock for relative times; tests replace it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    GpuReport.By grouping;
    GpuReport.Format fmt;
    EventQuery q;
    try {
      grouping = GpuReport.By.parse(by);
      fmt = GpuReport.Format.parse(format);
      Instant now = clock.instant();
      q = EventQuery.builder().classUids(List.of(GpuEvent.CLASS_UID))
          .from(QueryCommand.parseTime(since, now, "--since"))
          .to(until == null ? null : QueryCommand.parseTime(until, now, "--until")).limit(0).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GpuReport report = new GpuReport(grouping);
    long[] n = {0};
    try (EventStore store = QueryCommand.openIndex(dataDir, noSnapshot, err, clock, "ai-audit gpu report")) {
      store.query(q, row -> {
        n[0]++;
        report.accept(row);
      });
    } catch (StoreException e) {
      err.println("ai-audit gpu report: " + e.getMessage());
      return 1;
    }
    if (n[0] == 0) {
      err.println("ai-audit gpu report: no GPU telemetry records in the window (GPU telemetry needs NVIDIA's NVML on the"
          + " host and gpu.enabled not false; 'ai-audit query --class sensor' shows whether it ran)");
      err.flush();
    }
    report.write(fmt, out);
    return 0;
  }
}
