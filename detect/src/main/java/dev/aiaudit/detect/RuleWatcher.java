package dev.aiaudit.detect;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hot reload: polls the rule files and directories (modification time and size of every
 * {@code *.yaml}, files added or removed) and, on a change, reloads the whole set. A set that
 * compiles replaces the engine's rules atomically (the next batch uses it; no record is skipped);
 * a broken one is reported and the previous set stays in force.
 */
public final class RuleWatcher implements AutoCloseable {
  private final List<Path> paths;
  private final boolean builtin;
  private final DetectionEngine engine;
  private final Consumer<String> report;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean stopped;
  private Map<Path, String> last;

  private RuleWatcher(List<Path> paths, boolean builtin, DetectionEngine engine, Consumer<String> report, Duration interval) {
    this.paths = List.copyOf(paths);
    this.builtin = builtin;
    this.engine = engine;
    this.report = report;
    this.interval = interval;
    this.last = snapshot();
    this.thread = Thread.ofPlatform().name("ai-audit-rule-watch").daemon(true).unstarted(this::run);
  }

  /** Starts watching; {@code report} receives one message per reload (rendered errors on failure). */
  public static RuleWatcher start(List<Path> paths, boolean builtin, DetectionEngine engine, Consumer<String> report,
      Duration interval) {
    RuleWatcher w = new RuleWatcher(paths, builtin, engine, report, interval);
    w.thread.start();
    return w;
  }

  private void run() {
    while (!stopped) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      checkNow();
    }
  }

  /** Checks once for changes and reloads when there are any; returns whether a reload was attempted. */
  public boolean checkNow() {
    Map<Path, String> now = snapshot();
    if (now.equals(last)) {
      return false;
    }
    last = now;
    LoadResult r = RuleLoader.load(builtin, paths);
    if (r.ok()) {
      engine.replaceRules(r.ruleSet());
      report.accept("ai-audit: rules reloaded: " + r.ruleSet().enabledCount() + " enabled rules from " + r.files().size() + " files");
    } else {
      report.accept(r.render() + "\nai-audit: rule reload failed (" + r.errors().size()
          + " errors); keeping the previous rule set");
    }
    return true;
  }

  private Map<Path, String> snapshot() {
    Map<Path, String> m = new HashMap<>();
    List<Diagnostic> ignored = new ArrayList<>();
    for (Path f : RuleLoader.expand(paths, ignored)) {
      try {
        m.put(f, Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f));
      } catch (IOException e) {
        m.put(f, "unreadable");
      }
    }
    ignored.forEach(d -> m.put(Path.of(d.file()), "missing"));
    return m;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
