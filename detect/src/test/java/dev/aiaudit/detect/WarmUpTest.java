package dev.aiaudit.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.detect.anomaly.FirstSeenDetector;
import dev.aiaudit.detect.rules.CompiledRule;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.SensorEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-time warm-up: covers the rules' examples and every indexed class, and leaves no trace. */
class WarmUpTest {

  @Test
  void records_coverEveryRulesExamplesAndEveryIndexedClass() {
    RuleSet rules = RuleLoader.builtin().ruleSet();
    List<Event> recs = WarmUp.records(rules, 5_000, 1L);
    assertThat(recs).hasSize(5_000);
    assertThat(recs).hasAtLeastOneElementOfType(FileEvent.class).hasAtLeastOneElementOfType(ProcessEvent.class)
        .hasAtLeastOneElementOfType(SensorEvent.class);
    // every rule's match examples are among them: evaluating them fires every enabled rule with one
    RuleSet.Evaluator ev = rules.scratchCopy().newEvaluator();
    java.util.Set<String> fired = new java.util.HashSet<>();
    for (Event e : recs) {
      ev.evaluate(e).forEach(r -> fired.add(r.id()));
    }
    for (CompiledRule r : rules.rules()) {
      if (r.def().enabled() && !r.def().match().isEmpty()) {
        assertThat(fired).as(r.id()).contains(r.id());
      }
    }
  }

  @Test
  void detection_runsAScratchEngine_andLeavesTheRuleSetsCountersAlone() throws Exception {
    RuleSet rules = RuleLoader.builtin().ruleSet();
    DetectionEngine real = DetectionEngine.create(rules, List.of(), dev.aiaudit.model.EventClock.SYSTEM, null);
    WarmUp.Result r = WarmUp.detection(rules, List.of(FirstSeenDetector.exeAsset(Duration.ofHours(24), 1000)), 20_000, 1024);
    assertThat(r.records()).isEqualTo(20_000);
    assertThat(r.alerts()).isPositive(); // the scratch engine did judge: the examples that must match, matched
    assertThat(r.cpuNs()).isPositive();
    DetectionEngine.Stats s = real.stats();
    assertThat(s.evaluated()).isZero();
    assertThat(s.excepted()).isZero(); // examples that exercise exceptions counted on the copy, not here
    assertThat(s.evalErrors()).isZero();
    for (CompiledRule c : rules.rules()) {
      assertThat(c.excepted()).as(c.id()).isZero();
      assertThat(c.evalErrors()).as(c.id()).isZero();
    }
  }
}
