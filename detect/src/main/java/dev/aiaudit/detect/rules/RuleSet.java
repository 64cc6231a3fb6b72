package dev.aiaudit.detect.rules;

import dev.aiaudit.detect.rules.Activation.Binding;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled, immutable set of rules, indexed by record class and activity (Falco's event-type
 * index): a record is tested only against the rules whose condition can hold for its class and
 * activity. Shared by threads; each evaluating thread takes its own {@link Evaluator}.
 */
public final class RuleSet {
  private static final CompiledRule[] NONE = new CompiledRule[0];
  private static final int MAX_INDEX_KEYS = 4096;

  private final List<CompiledRule> rules;
  private final CompiledRule[] enabled;
  private final Map<String, Binding> bindings;
  private final CelRuntime.Program[] macros;
  private final Map<String, Map<String, CompiledRule[]>> index = new ConcurrentHashMap<>();
  private final int lists;

  RuleSet(List<CompiledRule> rules, Map<String, Binding> bindings, CelRuntime.Program[] macros, int lists, int macroCount) {
    this.rules = List.copyOf(rules);
    this.enabled = rules.stream().filter(r -> r.def().enabled()).toArray(CompiledRule[]::new);
    this.bindings = bindings;
    this.macros = macros;
    this.lists = lists;
  }

  /** An empty rule set (detection off). */
  public static RuleSet empty() {
    return new RuleSet(List.of(), Map.of(), new CelRuntime.Program[0], 0, 0);
  }

  /**
   * The same rules (the same compiled programs, lists and macros) with counters of their own and an
   * empty index: for a warm-up that must leave no trace in this set's counters.
   */
  public RuleSet scratchCopy() {
    return new RuleSet(rules.stream().map(CompiledRule::scratchCopy).toList(), bindings, macros, lists, macros.length);
  }

  /** Every rule, enabled or not, in load order. */
  public List<CompiledRule> rules() {
    return rules;
  }

  public int enabledCount() {
    return enabled.length;
  }

  public int listCount() {
    return lists;
  }

  public int macroCount() {
    return macros.length;
  }

  /** The enabled rules that can match a record of this class and activity. */
  CompiledRule[] candidates(String cls, String activity) {
    Map<String, CompiledRule[]> byActivity = index.computeIfAbsent(cls, k -> new ConcurrentHashMap<>());
    CompiledRule[] c = byActivity.get(activity);
    if (c == null) {
      c = select(cls, activity);
      if (byActivity.size() < MAX_INDEX_KEYS) {
        byActivity.put(activity, c);
      }
    }
    return c;
  }

  private CompiledRule[] select(String cls, String activity) {
    List<CompiledRule> out = new ArrayList<>();
    for (CompiledRule r : enabled) {
      if ((r.classes() == null || r.classes().contains(cls))
          && (r.activities() == null || r.activities().contains(activity))) {
        out.add(r);
      }
    }
    return out.isEmpty() ? NONE : out.toArray(CompiledRule[]::new);
  }

  /** A per-thread evaluator over this rule set. */
  public Evaluator newEvaluator() {
    return new Evaluator();
  }

  /** Evaluates records one at a time; not thread-safe (it owns the activation). */
  public final class Evaluator {
    private final Activation act = new Activation(bindings, macros);
    private final List<CompiledRule> matched = new ArrayList<>();

    Activation activation() {
      return act;
    }

    /**
     * Every enabled rule that matches {@code e} (not only the first). Alerts are never evaluated
     * (no rule judges an alert, so alerts cannot loop). The returned list is reused by the next call.
     */
    public List<CompiledRule> evaluate(Event e) {
      matched.clear();
      if (e instanceof AlertEvent) {
        return matched;
      }
      CompiledRule[] c = candidates(RecordView.className(e), RecordView.activity(e));
      if (c.length == 0) {
        return matched;
      }
      act.bind(e);
      for (CompiledRule r : c) {
        if (r.matches(e, act)) {
          matched.add(r);
        }
      }
      return matched;
    }
  }
}
