package dev.aiaudit.detect.rules;

import dev.aiaudit.detect.rules.RuleDefs.RuleDef;
import dev.aiaudit.model.Event;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rule ready to evaluate: its checked condition as a CEL program, its exceptions and group-by
 * fields resolved to {@link Field}s, and the record classes and activities it can match (derived
 * from the condition's top-level conjuncts; {@code null} = any).
 */
public final class CompiledRule {
  private final RuleDef def;
  private final CelRuntime.Program program;
  private final Field[] groupBy;
  private final List<CompiledException> exceptions;
  private final Set<String> classes;
  private final Set<String> activities;
  private final Guard[] guards;
  private final AtomicLong evalErrors = new AtomicLong();
  private final AtomicLong excepted = new AtomicLong();

  CompiledRule(RuleDef def, CelRuntime.Program program, Field[] groupBy, List<CompiledException> exceptions,
      Set<String> classes, Set<String> activities, Guard[] guards) {
    this.def = def;
    this.program = program;
    this.groupBy = groupBy;
    this.exceptions = exceptions;
    this.classes = classes;
    this.activities = activities;
    this.guards = guards;
  }

  /** This rule with counters of its own (see {@link RuleSet#scratchCopy()}). */
  CompiledRule scratchCopy() {
    return new CompiledRule(def, program, groupBy, exceptions, classes, activities, guards);
  }

  /** Necessary conditions tested before CEL (see {@link Guard}). */
  int guardCount() {
    return guards.length;
  }

  public RuleDef def() {
    return def;
  }

  public String id() {
    return def.id();
  }

  /** Record classes this rule can match, or {@code null} for any. */
  public Set<String> classes() {
    return classes;
  }

  /** Activities this rule can match, or {@code null} for any. */
  public Set<String> activities() {
    return activities;
  }

  /** Condition evaluations that failed (counted, treated as no match). */
  public long evalErrors() {
    return evalErrors.get();
  }

  /** Matches suppressed by an exception. */
  public long excepted() {
    return excepted.get();
  }

  /** Whether the condition holds for the record {@code act} is bound to and no exception applies. */
  boolean matches(Event e, Activation act) {
    for (Guard g : guards) {
      if (!g.test(act)) {
        return false;
      }
    }
    Object r;
    try {
      r = program.eval(act);
    } catch (CelEvaluationException ex) {
      evalErrors.incrementAndGet();
      return false;
    }
    if (!Boolean.TRUE.equals(r)) {
      return false;
    }
    for (CompiledException x : exceptions) {
      if (x.applies(e)) {
        excepted.incrementAndGet();
        return false;
      }
    }
    return true;
  }

  /** The CEL condition alone, no guard and no exception (tests: guards must never change a verdict). */
  boolean conditionHolds(Activation act) throws CelEvaluationException {
    return Boolean.TRUE.equals(program.eval(act));
  }

  /** The rule's group key for {@code e}: the {@code group_by} values joined by {@code |}. */
  public String groupKey(Event e) {
    if (groupBy.length == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < groupBy.length; i++) {
      if (i > 0) {
        b.append('|');
      }
      b.append(RecordView.value(groupBy[i], e));
    }
    return b.toString();
  }

  /** An exception with its fields resolved. */
  record CompiledException(String name, Field[] fields, String[] comps, List<List<Object>> values) {
    boolean applies(Event e) {
      for (List<Object> tuple : values) {
        boolean all = true;
        for (int i = 0; i < fields.length && all; i++) {
          all = compare(String.valueOf(RecordView.value(fields[i], e)), comps[i], tuple.get(i));
        }
        if (all) {
          return true;
        }
      }
      return false;
    }

    private static boolean compare(String actual, String comp, Object expected) {
      return switch (comp) {
        case "!=" -> !actual.equals(expected);
        case "startswith" -> actual.startsWith((String) expected);
        case "endswith" -> actual.endsWith((String) expected);
        case "contains" -> actual.contains((String) expected);
        case "in" -> ((Set<?>) expected).contains(actual);
        default -> actual.equals(expected);
      };
    }
  }
}
