package dev.aiaudit.cli;

import dev.aiaudit.policy.inventory.Inventory;
import dev.aiaudit.policy.inventory.InventoryBuilder;
import dev.aiaudit.policy.watch.ComplianceFinding;
import dev.aiaudit.policy.watch.ComplianceTracker;
import dev.aiaudit.policy.watch.FindingSink;
import dev.aiaudit.policy.watch.ManifestWatcher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ai-audit policy watch DIR}: re-evaluates the manifests under DIR on every change and prints one
 * JSON line per change of an item's compliance state. The journal/store sink is wired by the lead through
 * {@link FindingSink}; here findings go to stdout.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Watches a manifest directory and prints a JSON finding line for every change of compliance state.",
        "Uses the built-in admission policy (ai-audit.io annotations) until the policy engine is wired."})
final class PolicyWatchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DIR", description = "Directory of manifests, watched recursively.")
  Path dir;

  @Mixin InventoryOptions options;

  @Mixin AdmissionOptions admission;

  @Option(names = "--debounce", defaultValue = "PT0.3S", converter = DurationConverter.class,
      description = "Quiet time after the last change before re-evaluating (ISO-8601 or e.g. 300ms, 2s); default 300ms.")
  Duration debounce;

  @Option(names = "--once", description = "Evaluate once, print the initial states and exit.")
  boolean once;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Also journal every finding (hash-chained, signed) and index it in the store under DIR; query them with 'query --class finding'. The journal has one writer: not while 'watch' runs on DIR.")
  Path dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Extra sink for the journal/store, set by the wiring (null: stdout only). */
  static volatile FindingSink extraSink;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.println("ERROR: " + dir + ": not a directory");
      return 2;
    }
    InventoryBuilder probe = options.builder(List.of(dir), err); // reads observations once, validates inputs
    java.util.function.Supplier<Inventory> rebuild = () -> {
      try {
        return options.builder(List.of(dir), err).build();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    FindingSink stdout = batch -> {
      for (ComplianceFinding f : batch) {
        out.println(f.toJson().toString());
      }
      out.flush();
    };
    dev.aiaudit.cli.wiring.JournalFindingSink journaled = null;
    if (dataDir != null) {
      try {
        journaled = dev.aiaudit.cli.wiring.JournalFindingSink.open(dataDir,
            Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
      } catch (RuntimeException e) {
        err.println("ERROR: " + dataDir + ": cannot journal findings: " + e.getMessage());
        return 2;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(journaled::close));
    }
    List<FindingSink> sinks = new java.util.ArrayList<>(List.of(stdout));
    if (journaled != null) {
      sinks.add(journaled);
    }
    if (extraSink != null) {
      sinks.add(extraSink);
    }
    FindingSink sink = FindingSink.composite(sinks);
    ComplianceTracker tracker;
    try {
      tracker = new ComplianceTracker(admission.policy(err), Clock.systemUTC());
    } catch (dev.aiaudit.policy.PolicyLoadException e) {
      err.println(e.getMessage());
      return PolicyCommand.COULD_NOT_RUN;
    }
    if (once) {
      Inventory inv = probe.build();
      InventoryOptions.print(inv.issues(), err);
      sink.accept(tracker.update(inv));
      if (journaled != null) {
        err.println("findings journaled in " + dataDir.resolve("journal") + " up to seq " + journaled.lastSeq());
        err.flush();
        journaled.close();
      }
      return InventoryOptions.hasErrors(inv.issues()) || options.observationErrors
          ? PolicyCommand.COULD_NOT_RUN : PolicyCommand.OK;
    }
    try (ManifestWatcher watcher = new ManifestWatcher(dir, rebuild, tracker, sink,
        issues -> InventoryOptions.print(issues, err), debounce).start()) {
      err.println("watching " + dir + " (Ctrl-C to stop)");
      err.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
      forever.await();
    }
    return 0;
  }

  /** Accepts ISO-8601 ({@code PT2S}) or {@code 300ms}/{@code 2s}/{@code 1m}, as the config file does. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return dev.aiaudit.cli.config.ConfigLoader.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
