package dev.aiaudit.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in pack compiles, has at least 20 rules, and every rule's examples pass. */
class BuiltinPackTest {

  @Test
  void builtin_compilesWithAtLeastTwentyRules() {
    LoadResult r = RuleLoader.builtin();
    assertThat(r.ok()).as(r.render()).isTrue();
    assertThat(r.ruleSet().rules()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(r.ruleSet().listCount()).isGreaterThan(5);
  }

  @Test
  void builtin_everyRuleHasMatchAndNoMatchExamplesAndAllPass() {
    RuleTester.Report rep = RuleTester.run(true, List.of());
    assertThat(rep.load().ok()).isTrue();
    assertThat(rep.rulesWithoutExamples()).isEmpty();
    assertThat(rep.cases()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(rep.cases().stream().filter(c -> !c.passed()).map(c -> c.ruleId() + " " + c.file() + ":" + c.line()
        + " " + c.detail()).toList()).isEmpty();
    assertThat(rep.cases().stream().filter(RuleTester.Case::expectMatch).count()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void builtin_sensorRulesAreIndexedBySensorClassOnly() {
    RuleSet s = RuleLoader.builtin().ruleSet();
    CompiledRule overflow = s.rules().stream().filter(r -> r.id().equals("kernel-queue-overflow")).findFirst().orElseThrow();
    assertThat(overflow.classes()).containsExactly("sensor");
    assertThat(overflow.activities()).containsExactly("queue_overflow");
    CompiledRule copy = s.rules().stream().filter(r -> r.id().equals("weights-read-by-copy-tool")).findFirst().orElseThrow();
    assertThat(copy.classes()).containsExactly("file"); // through the 'weights' macro
    assertThat(copy.activities()).containsExactlyInAnyOrder("open", "read");
    assertThat(s.candidates("file", "modify")).doesNotContain(copy);
    assertThat(s.candidates("sensor", "queue_overflow")).extracting(CompiledRule::id).containsExactly(overflow.id());
  }
}
