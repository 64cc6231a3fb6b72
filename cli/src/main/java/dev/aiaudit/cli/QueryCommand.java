package dev.aiaudit.cli;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventSearch;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.QueryOutput;
import dev.aiaudit.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ai-audit query}: searches the event index ({@code <data-dir>/events.duckdb}), read-only. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Search the event index (<data-dir>/events.duckdb) by time, asset kind, path, process, user, container and"
          + " activity. Opens the index read-only. While 'ai-audit watch' holds it (DuckDB shares a file with no"
          + " other process), queries a snapshot: a copy of the index as of the agent's last checkpoint (every 10 s"
          + " while events arrive) plus every record the journal holds past it, and says on stderr how old it is and"
          + " up to which seq it goes; --no-snapshot fails instead."
    },
    footer = {
      "",
      "Examples:",
      "  ai-audit query --since 1h --kind model_weights",
      "  ai-audit query --path '/models/*.safetensors' --process python3 --format jsonl",
      "  ai-audit query --container 3f9a2c1b --activity modify --since 2026-11-24T08:00:00Z --format csv",
      "  ai-audit query --class sensor --since 1d",
      "  ai-audit query --class process --process 'python*' --since 1h",
      "  ai-audit query --store postgresql://audit@pg.example/audit --kind model_weights --since 1d",
      "  ai-audit query --store postgresql://audit@pg.example/audit --host gpu-node-7 --class alert --since 1d",
      "  ai-audit query --class gpu --container 5f1e2d3c --since 2h",
      "",
      "Exit status: 0 success (also with no rows), 1 the index cannot be read, 2 bad arguments."
    })
public final class QueryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./ai-audit-data",
      description = "Data directory holding events.duckdb (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--store", paramLabel = "URL",
      description = "Query the fleet store that 'ai-audit serve' fills instead of <data-dir>/events.duckdb:"
          + " postgresql://user[:password]@host[:port]/db. Same filters and formats; rows of all hosts, or of one with --host (each row's host is in"
          + " its JSON), ordered by time, host, seq.")
  String store;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Events at or after WHEN: a duration back from now (30s, 15m, 1h, 2d, 1w) or an ISO time"
          + " (2026-11-24T08:00:00Z, 2026-11-24T08:00:00+01:00, 2026-11-24T08:00 and 2026-11-24 are UTC).")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Events before WHEN (same forms as --since).")
  String until;

  @Option(names = "--kind", split = ",", paramLabel = "KIND", converter = KindConverter.class,
      description = "Asset kinds: model_weights, training_data, gpu_device, other (comma-separated).")
  List<AssetKind> kinds = new ArrayList<>();

  @Option(names = "--path", paramLabel = "GLOB",
      description = "Path glob: * matches any characters including /, ? one character, [abc] a set.")
  String path;

  @Option(names = "--process", paramLabel = "NAME|PID",
      description = "A pid, an executable base name (python3, python*) or an executable path glob (/opt/*/bin/*).")
  String process;

  @Option(names = "--user", paramLabel = "NAME|UID", description = "A user name or a numeric uid.")
  String user;

  @Option(names = "--container", paramLabel = "ID|POD_UID",
      description = "A prefix of the container id or of the Kubernetes pod uid.")
  String container;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Records of this host only (the exact host name): with --store, one host of the fleet.")
  String host;

  @Option(names = "--activity", split = ",", paramLabel = "ACTIVITY", converter = ActivityConverter.class,
      description = "File activities: open, open_exec, read, modify (comma-separated).")
  List<FileActivity> activities = new ArrayList<>();

  @Option(names = "--class", split = ",", paramLabel = "CLASS",
      description = "Event classes: file (file activity), process (process launches, OCSF 1007), sensor (the agent's own overflow/drop/start records), finding (compliance changes from policy watch), alert (detection findings from rules and detectors), gpu (NVML telemetry: per-GPU and per-process samples, process sessions; docs/gpu.md).")
  List<String> classes = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
      description = "At most N events, 0 for all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--newest-first", description = "Newest events first (default: oldest first).")
  boolean newestFirst;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
      description = "table (default), jsonl (OCSF JSON per line with seq and hash) or csv (RFC 4180).")
  QueryOutput.Format format;

  @Option(names = "--no-snapshot",
      description = "Fail when the running agent holds the index, instead of querying a copy of it.")
  boolean noSnapshot;

  /** Clock for relative times; tests replace it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    EventQuery query = buildQuery();
    Path file = dataDir.resolve("events.duckdb");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (EventSearch search = store != null ? openFleet(store) : open(file, err)) {
      QueryOutput output = QueryOutput.create(format, out);
      search.query(query, output);
      output.finish();
      return 0;
    } catch (StoreException e) {
      out.flush();
      err.println("ai-audit query: " + e.getMessage());
      return 1;
    }
  }

  private EventSearch openFleet(String url) {
    try {
      return EventSearch.openPostgres(url);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage(), e);
    }
  }

  private EventStore open(Path file, PrintWriter err) {
    return openIndex(dataDir, noSnapshot, err, clock, "ai-audit query");
  }

  /**
   * {@code <dataDir>/events.duckdb} read-only, or, while the agent holds it and {@code noSnapshot} is false, a snapshot
   * (said on {@code err}, prefixed with {@code who}).
   */
  static EventStore openIndex(Path dataDir, boolean noSnapshot, PrintWriter err, Clock clock, String who) {
    Path file = dataDir.resolve("events.duckdb");
    try {
      return EventStore.openDuckDbReadOnly(file);
    } catch (StoreException e) {
      if (e.reason() != StoreException.Reason.LOCKED || noSnapshot) {
        throw e;
      }
      String why = e.getMessage();
      int colon = why.indexOf(": DuckDB ");
      err.println(who + ": " + (colon > 0 ? why.substring(0, colon) : why) + "; " + QuerySnapshot.NOTE);
      err.flush();
      QuerySnapshot snap = QuerySnapshot.take(file, dataDir.resolve("journal"), clock);
      err.println(who + ": " + snap.describe(clock));
      err.flush();
      return snap.store();
    }
  }

  EventQuery buildQuery() {
    Instant now = clock.instant();
    try {
      EventQuery.Builder b = EventQuery.builder()
          .from(since == null ? null : parseTime(since, now, "--since"))
          .to(until == null ? null : parseTime(until, now, "--until"))
          .assetKinds(kinds)
          .activities(activities)
          .classUids(classes.stream().map(QueryCommand::classUid).toList())
          .limit(limit)
          .newestFirst(newestFirst);
      if (path != null) {
        b.pathGlob(path);
      }
      if (process != null) {
        b.process(process);
      }
      if (user != null) {
        b.user(user);
      }
      if (container != null) {
        b.container(container);
      }
      if (host != null) {
        b.host(host);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * A duration back from {@code now} in the config file's syntax (250ms, 30s, 15m, 1h, 2d, 1w, PT1H) or an ISO-8601
   * time (UTC unless it says otherwise).
   */
  static Instant parseTime(String s, Instant now, String option) {
    String t = s.trim();
    if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.regionMatches(true, 0, "PT", 0, 2))
        && !t.contains("-") && !t.contains(":")) {
      try {
        return now.minus(dev.aiaudit.cli.config.ConfigLoader.parseDuration(t)); // the one duration syntax
      } catch (IllegalArgumentException notADuration) {
        // fall through to the time forms, which name both in their message
      }
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      throw new IllegalArgumentException(option + ": cannot read '" + s + "' as a time (expected a duration such as"
          + " 30s, 15m, 1h, 2d, 1w or an ISO time such as 2026-11-24T08:00:00Z)");
    }
  }

  static int classUid(String c) {
    return switch (c.trim().toLowerCase(Locale.ROOT)) {
      case "file", "1001" -> FileEvent.CLASS_UID;
      case "sensor", "1008" -> SensorEvent.CLASS_UID;
      case "finding", "2003" -> dev.aiaudit.model.FindingEvent.CLASS_UID;
      case "alert", "2004" -> dev.aiaudit.model.AlertEvent.CLASS_UID;
      case "process", "1007" -> dev.aiaudit.model.ProcessEvent.CLASS_UID;
      case "gpu", "1099" -> dev.aiaudit.model.GpuEvent.CLASS_UID;
      default -> throw new IllegalArgumentException(
          "--class: unknown class '" + c + "' (expected file, process, sensor, finding, alert or gpu)");
    };
  }

  static final class KindConverter implements CommandLine.ITypeConverter<AssetKind> {
    @Override
    public AssetKind convert(String value) {
      try {
        return AssetKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ActivityConverter implements CommandLine.ITypeConverter<FileActivity> {
    @Override
    public FileActivity convert(String value) {
      try {
        return FileActivity.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<QueryOutput.Format> {
    @Override
    public QueryOutput.Format convert(String value) {
      try {
        return QueryOutput.Format.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
