package dev.aiaudit.cli;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ConfigException;
import dev.aiaudit.cli.config.ConfigLoader;
import dev.aiaudit.cli.wiring.Agent;
import dev.aiaudit.cli.wiring.AgentException;
import dev.aiaudit.model.EventClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ai-audit watch}: the agent. Runs until SIGINT/SIGTERM, then drains the queue into the journal. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Record every access to model weights, training data and GPU device nodes",
        "into the hash-chained journal and the DuckDB store, until interrupted."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGINT/SIGTERM after a clean drain and final signed checkpoint",
      "1:stopped, but events could not be journaled or the final checkpoint could not be written (one line says what)",
      "2:could not start (bad configuration, missing path, key that does not match the journal)"
    })
public final class WatchCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration (default: ./ai-audit.yaml when it exists)")
  Path config;

  @Option(names = {"-r", "--root"}, paramLabel = "DIR",
      description = "directory to watch (repeatable; replaces the configured/default roots)")
  List<Path> roots;

  @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "where journal and store live (default ./ai-audit-data)")
  Path dataDir;

  @Option(names = "--no-gpu-devices", description = "do not watch GPU device nodes")
  boolean noGpuDevices;

  @Option(names = "--policy-dir", paramLabel = "DIR",
      description = "Kubernetes manifest directory to keep under policy watch; every change of compliance state is journaled as a finding (repeatable)")
  List<Path> policyDirs;

  @Option(names = "--rules", paramLabel = "PATH",
      description = "rule file or directory of *.yaml rule files, added to the built-in pack and reloaded on change (repeatable)")
  List<Path> rules;

  @Option(names = "--no-detect", description = "do not run detection (no rules, no detectors)")
  boolean noDetect;

  @Option(names = "--strict-attribution",
      description = "hold each opener of a file under a root until its /proc entries are read, then allow it (watch.strict_attribution)")
  boolean strictAttribution;

  @Option(names = "--fsync", paramLabel = "POLICY", description = "journal fsync policy: group (default), interval, none")
  String fsync;

  /**
   * Something that runs beside the agent in the same process ({@code up}: scans and the dashboard): started after
   * the agent, closed before it drains.
   */
  @FunctionalInterface
  interface Beside {
    AutoCloseable start(Agent agent) throws Exception;
  }

  @Override
  public Integer call() {
    return runAgent(agent -> () -> { });
  }

  /** Loads the configuration, starts the agent and {@code beside}, runs until SIGINT/SIGTERM, stops both. */
  Integer runAgent(Beside beside) {
    return runAgent(java.util.function.UnaryOperator.identity(), beside);
  }

  /** As {@link #runAgent(Beside)}, with the loaded configuration first passed through {@code adjust}. */
  Integer runAgent(java.util.function.UnaryOperator<AgentConfig> adjust, Beside beside) {
    AgentConfig cfg;
    dev.aiaudit.cli.config.ExportConfig exports;
    try {
      cfg = adjust.apply(loadConfig());
      Path file = configFile();
      exports = file == null ? dev.aiaudit.cli.config.ExportConfig.NONE : new dev.aiaudit.cli.config.ExportConfigLoader().load(file);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(e.getMessage().startsWith("ERROR") ? e.getMessage() : "ai-audit: " + e.getMessage());
      return 2;
    }
    // Stop on SIGINT/SIGTERM (taken before the start steps, so a signal during start also stops cleanly): the main thread drains the queue and closes the journal, then returns 0 after a
    // clean drain and final checkpoint (1 otherwise), so a systemd unit does not report every stop as a failure.
    // A shell starts background jobs with SIGINT ignored, and the JVM then leaves it ignored; the agent must
    // still stop cleanly on Ctrl-C / kill -INT, so take both signals explicitly.
    CountDownLatch stopRequested = new CountDownLatch(1);
    dev.aiaudit.sensor.ProcessSignals.resetToDefault(2, 15);
    for (String name : List.of("INT", "TERM")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stopRequested.countDown());
      } catch (IllegalArgumentException e) {
        // signal not available on this platform: the shutdown hook below still closes the agent
      }
    }
    Agent agent;
    try {
      agent = Agent.start(cfg, exports, System.out, EventClock.SYSTEM);
    } catch (AgentException e) {
      System.err.println(e.getMessage().startsWith("ERROR") ? e.getMessage() : "ai-audit: " + e.getMessage());
      return 2;
    }
    AutoCloseable extra;
    try {
      extra = beside.start(agent);
    } catch (Exception e) {
      agent.close();
      System.err.println("ai-audit: " + dev.aiaudit.model.text.SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return 2;
    }
    // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still drains and checkpoints.
    Thread hook = new Thread(() -> {
      closeQuietly(extra);
      agent.close();
    }, "ai-audit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("ai-audit: running; Ctrl-C to stop");
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println("ai-audit: stopping; draining the queue into the journal...");
    closeQuietly(extra);
    agent.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    if (agent.stopProblem() != null) {
      System.err.println("ai-audit: stopped, not cleanly: " + agent.stopProblem());
      return 1;
    }
    System.out.println("ai-audit: stopped; journal last seq " + agent.journal().lastSeq() + ", final checkpoint written");
    return 0;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("ai-audit: stop: " + dev.aiaudit.model.text.SafeText.capped(String.valueOf(e.getMessage()), 300));
    }
  }

  private Path configFile() {
    Path file = config;
    if (file == null && Files.exists(Path.of("ai-audit.yaml"))) {
      file = Path.of("ai-audit.yaml");
    }
    return file;
  }

  private AgentConfig loadConfig() throws ConfigException {
    Path file = configFile();
    AgentConfig cfg = file == null ? AgentConfig.defaults() : new ConfigLoader().load(file);
    if (dataDir != null) {
      cfg = cfg.withDataDir(dataDir);
    }
    if (roots != null && !roots.isEmpty()) {
      cfg = cfg.withWatch(cfg.watch().withRoots(roots));
    }
    if (noGpuDevices) {
      cfg = cfg.withWatch(cfg.watch().withGpuDevices(false));
    }
    if (policyDirs != null && !policyDirs.isEmpty()) {
      cfg = cfg.withPolicyManifests(policyDirs);
    }
    if (rules != null && !rules.isEmpty()) {
      cfg = cfg.withDetect(cfg.detect().withRules(rules));
    }
    if (strictAttribution) {
      cfg = cfg.withWatch(cfg.watch().withStrictAttribution(true));
    }
    if (noDetect) {
      cfg = cfg.withDetect(cfg.detect().withEnabled(false));
    }
    if (fsync != null) {
      cfg = cfg.withJournal(cfg.journal().withFsync(fsync));
    }
    return cfg;
  }
}
