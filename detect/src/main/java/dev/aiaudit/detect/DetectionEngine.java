package dev.aiaudit.detect;

import dev.aiaudit.detect.alert.Throttle;
import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.detect.rules.CompiledRule;
import dev.aiaudit.detect.rules.RuleDefs.RuleDef;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges journaled records: every enabled rule whose condition holds fires (not only the first),
 * every detector observes, the throttle passes or counts each alert. Alerts cite the triggering
 * record by journal seq + hash; alert records themselves are never judged (no loops).
 *
 * <p>The rule set can be replaced at any time ({@link #replaceRules}, hot reload); the next batch
 * uses the new set, no record is skipped. {@link #process} is called from one thread.
 */
public final class DetectionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);
  /** Throttle window of detector alerts per (detector, group key). */
  public static final Duration DETECTOR_THROTTLE = Duration.ofHours(1);

  private final AtomicReference<RuleSet> rules;
  private final List<Detector> detectors;
  private final EventClock clock;
  private final Throttle throttle;
  private final Path stateDir;
  private RuleSet evaluating;
  private RuleSet.Evaluator evaluator;
  private final AtomicLong evaluated = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong alerts = new AtomicLong();
  /** Exception suppressions and CEL evaluation errors of rule sets replaced by a reload. */
  private final AtomicLong retiredExcepted = new AtomicLong();
  private final AtomicLong retiredEvalErrors = new AtomicLong();

  private DetectionEngine(RuleSet rules, List<Detector> detectors, EventClock clock, int maxThrottleKeys, Path stateDir) {
    this.rules = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
    this.detectors = List.copyOf(detectors);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.throttle = new Throttle(maxThrottleKeys);
    this.stateDir = stateDir;
  }

  /**
   * An engine over {@code rules} and {@code detectors}; detector state is restored from
   * {@code stateDir} (when not null) and saved there by {@link #saveState()}.
   */
  public static DetectionEngine create(RuleSet rules, List<Detector> detectors, EventClock clock, Path stateDir)
      throws IOException {
    DetectionEngine e = new DetectionEngine(rules, detectors, clock, Throttle.DEFAULT_MAX_KEYS, stateDir);
    if (stateDir != null) {
      for (Detector d : detectors) {
        d.load(stateDir);
      }
    }
    return e;
  }

  /** Swaps the rule set (hot reload); throttle counts are kept per rule id. */
  public void replaceRules(RuleSet next) {
    rules.set(Objects.requireNonNull(next, "next"));
  }

  public RuleSet rules() {
    return rules.get();
  }

  /** Judges a batch of journaled records; returns the alerts to journal (possibly none). */
  public List<AlertEvent> process(List<RecordedEvent> batch) {
    RuleSet current = rules.get();
    if (current != evaluating) {
      if (evaluating != null && evaluating != current) {
        retiredExcepted.addAndGet(sum(evaluating, CompiledRule::excepted));
        retiredEvalErrors.addAndGet(sum(evaluating, CompiledRule::evalErrors));
      }
      evaluating = current;
      evaluator = current.newEvaluator();
    }
    long now = clock.nowNs();
    List<AlertEvent> out = new ArrayList<>(throttle.expire(now));
    // one sink for the detectors' alerts per batch, not one lambda per record and detector
    java.util.function.Consumer<AlertEvent> detectorAlerts = a -> {
      AlertEvent pass = throttle.offer(a, DETECTOR_THROTTLE, 1, now, out);
      if (pass != null) {
        out.add(pass);
      }
    };
    long judged = 0;
    for (RecordedEvent r : batch) {
      Event e = r.event();
      if (e instanceof AlertEvent) {
        continue;
      }
      judged++;
      List<CompiledRule> hits = evaluator.evaluate(e);
      for (int i = 0; i < hits.size(); i++) {
        CompiledRule rule = hits.get(i);
        matched.incrementAndGet();
        RuleDef d = rule.def();
        AlertEvent a = new AlertEvent(now, e.host(), d.id(), d.title(), d.description(), d.severity(), d.tags(),
            List.of(AlertEvent.Citation.of(r)), rule.groupKey(e), 0, describe(e), "rules", null);
        AlertEvent pass = throttle.offer(a, d.throttle(), d.throttleMax(), now, out);
        if (pass != null) {
          out.add(pass);
        }
      }
      for (Detector det : detectors) {
        try {
          det.observe(r, now, detectorAlerts);
        } catch (RuntimeException ex) {
          LOG.warn("detector {} failed on seq {}", det.id(), r.seq(), ex);
        }
      }
    }
    evaluated.addAndGet(judged);
    alerts.addAndGet(out.size());
    return out;
  }

  /** Summaries of every throttled key still holding a count (call at shutdown, then journal them). */
  public List<AlertEvent> drain() {
    List<AlertEvent> out = throttle.drain();
    alerts.addAndGet(out.size());
    return out;
  }

  /** Writes every detector's state to the state directory (no-op without one). */
  public void saveState() throws IOException {
    if (stateDir == null) {
      return;
    }
    for (Detector d : detectors) {
      d.save(stateDir);
    }
  }

  /**
   * Counters: records evaluated, rule matches, alerts emitted, matches suppressed by the throttle,
   * matches suppressed by a rule's exceptions, and condition evaluations that failed (a failed
   * evaluation is no match; counted so it is never silent). Exception and error counts survive reloads.
   */
  public Stats stats() {
    RuleSet current = rules.get();
    return new Stats(evaluated.get(), matched.get(), alerts.get(), throttle.suppressedTotal(),
        retiredExcepted.get() + sum(current, CompiledRule::excepted), retiredEvalErrors.get() + sum(current, CompiledRule::evalErrors));
  }

  private static long sum(RuleSet set, java.util.function.ToLongFunction<CompiledRule> counter) {
    long n = 0;
    for (CompiledRule r : set.rules()) {
      n += counter.applyAsLong(r);
    }
    return n;
  }

  /** Engine counters. */
  public record Stats(long evaluated, long matched, long alerts, long suppressed, long excepted, long evalErrors) {}

  /** One line about a record for an alert's message: who did what to which file. */
  static String describe(Event e) {
    return switch (e) {
      case FileEvent f -> {
        ProcessInfo p = f.process();
        String who = (p.exe() == null ? "pid " + p.pid() : p.exe() + " (pid " + p.pid() + ")")
            + (p.user() != null ? " user " + p.user() : p.uid() >= 0 ? " uid " + p.uid() : "")
            + (p.containerId() != null ? " container " + p.containerId().substring(0, Math.min(12, p.containerId().length())) : "");
        yield who + " " + f.activity().id() + " " + f.path() + (f.count() > 1 ? " (" + f.count() + " times)" : "");
      }
      case SensorEvent s -> s.kind().id() + ": " + s.message() + (s.count() > 0 ? " (" + s.count() + ")" : "");
      default -> e.getClass().getSimpleName();
    };
  }
}
