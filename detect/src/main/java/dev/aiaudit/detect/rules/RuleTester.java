package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

import dev.aiaudit.detect.rules.RuleDefs.Example;
import dev.aiaudit.detect.rules.RuleDefs.FileDefs;
import dev.aiaudit.detect.rules.RuleDefs.RuleDef;
import dev.aiaudit.model.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each rule against the {@code examples} of its file, like unit tests: a {@code match}
 * example must fire the rule (condition true, no exception), a {@code no_match} example must not.
 */
public final class RuleTester {
  private RuleTester() {}

  /** One example's verdict. */
  public record Case(String ruleId, String file, int line, boolean expectMatch, boolean passed, String detail) {}

  /**
   * The report of a run.
   *
   * @param load the load result (when not ok, no case ran)
   * @param cases every example run
   * @param rulesWithoutExamples rules lacking a match or a no_match example
   */
  public record Report(LoadResult load, List<Case> cases, List<String> rulesWithoutExamples) {
    public long failures() {
      return cases.stream().filter(c -> !c.passed()).count();
    }
  }

  /** Loads the files (with the built-in pack when asked) and runs the examples of the rules in them. */
  public static Report run(boolean withBuiltin, List<Path> files) {
    return run(withBuiltin, files, false);
  }

  /**
   * Loads the files with the built-in pack when asked; runs the examples of every rule, or only of
   * the rules in {@code files} when {@code onlyGivenFiles}.
   */
  public static Report run(boolean withBuiltin, List<Path> files, boolean onlyGivenFiles) {
    LoadResult load = RuleLoader.load(withBuiltin, files);
    if (!load.ok()) {
      return new Report(load, List.of(), List.of());
    }
    List<Diagnostic> ignored = new ArrayList<>();
    List<FileDefs> defs = RuleLoader.read(withBuiltin, files, ignored);
    RuleSet set = load.ruleSet();
    List<Case> cases = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (FileDefs f : defs) {
      if (onlyGivenFiles && f.file().startsWith("builtin:")) {
        continue;
      }
      for (RuleDef d : f.rules()) {
        CompiledRule rule = set.rules().stream().filter(r -> r.id().equals(d.id())).findFirst().orElseThrow();
        if (d.match().isEmpty() || d.noMatch().isEmpty()) {
          without.add(d.id());
        }
        for (Example x : d.match()) {
          cases.add(run(set, rule, x, true));
        }
        for (Example x : d.noMatch()) {
          cases.add(run(set, rule, x, false));
        }
      }
    }
    return new Report(load, cases, without);
  }

  private static Case run(RuleSet set, CompiledRule rule, Example x, boolean expect) {
    Event e;
    try {
      e = ExampleEvents.toEvent(x.fields());
    } catch (IllegalArgumentException ex) {
      return new Case(rule.id(), x.pos().file(), x.pos().line(), expect, false, "bad example: " + ex.getMessage());
    }
    Activation act = set.newEvaluator().activation();
    act.bind(e);
    boolean indexed = false;
    for (CompiledRule c : set.candidates(RecordView.className(e), RecordView.activity(e))) {
      indexed |= c == rule;
    }
    boolean got = (indexed || !rule.def().enabled()) && rule.matches(e, act);
    boolean passed = got == expect;
    String detail = passed ? "" : expect ? "expected the rule to fire, it did not" : "expected no alert, the rule fired";
    return new Case(rule.id(), x.pos().file(), x.pos().line(), expect, passed, detail);
  }
}
