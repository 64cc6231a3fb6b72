package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

import dev.aiaudit.detect.rules.Activation.Binding;
import dev.aiaudit.detect.rules.CompiledRule.CompiledException;
import dev.aiaudit.detect.rules.RuleDefs.Condition;
import dev.aiaudit.detect.rules.RuleDefs.ExceptionDef;
import dev.aiaudit.detect.rules.RuleDefs.FileDefs;
import dev.aiaudit.detect.rules.RuleDefs.ListDef;
import dev.aiaudit.detect.rules.RuleDefs.MacroDef;
import dev.aiaudit.detect.rules.RuleDefs.Pos;
import dev.aiaudit.detect.rules.RuleDefs.RuleDef;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stages two and three of loading (Falco's collector and compiler): gathers lists, macros and rules
 * of every file into one namespace (a duplicate name is an error), type-checks every macro and
 * condition with CEL against the record vocabulary ({@link Field}), resolves exceptions and
 * group-by fields, and derives each rule's index keys. Every problem becomes a {@link Diagnostic};
 * nothing is compiled when any file is broken.
 */
final class RuleCompiler {
  private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder().build();

  private final List<Diagnostic> issues;
  private final Map<String, List<String>> sourceLines = new HashMap<>();

  RuleCompiler(List<Diagnostic> issues) {
    this.issues = issues;
  }

  RuleSet compile(List<FileDefs> files) {
    Map<String, ListDef> lists = new LinkedHashMap<>();
    Map<String, MacroDef> macros = new LinkedHashMap<>();
    Map<String, RuleDef> rules = new LinkedHashMap<>();
    for (FileDefs f : files) {
      sourceLines.put(f.file(), f.lines());
      f.lists().forEach(l -> unique(lists, l.name(), l, l.pos(), "list"));
      f.macros().forEach(m -> unique(macros, m.name(), m, m.pos(), "macro"));
      f.rules().forEach(r -> unique(rules, r.id(), r, r.pos(), "rule"));
    }
    for (String m : macros.keySet()) {
      if (lists.containsKey(m)) {
        MacroDef d = macros.get(m);
        add(d.pos(), RuleCode.DUPLICATE_ID, "macro '" + m + "' has the name of a list");
      }
    }
    CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder();
    for (Field f : Field.values()) {
      b.addVar(f.id(), f.isInteger() ? SimpleType.INT : SimpleType.STRING);
    }
    lists.keySet().forEach(l -> b.addVar(l, ListType.create(SimpleType.STRING)));
    macros.keySet().forEach(m -> b.addVar(m, SimpleType.BOOL));
    CelCompiler cel = b.build();

    Map<String, CelAbstractSyntaxTree> macroAsts = new LinkedHashMap<>();
    for (MacroDef m : macros.values()) {
      CelAbstractSyntaxTree ast = check(cel, m.condition(), "macro " + m.name(), RuleCode.COMPILE_MACRO);
      if (ast != null) {
        macroAsts.put(m.name(), ast);
      }
    }
    checkCycles(macros, macroAsts);
    List<CompiledRule> compiled = new ArrayList<>();
    Map<String, Set<String>> listSets = new HashMap<>();
    lists.values().forEach(l -> listSets.put(l.name(), Set.copyOf(new HashSet<>(l.items()))));
    Map<String, CelAbstractSyntaxTree> ruleAsts = new LinkedHashMap<>();
    for (RuleDef r : rules.values()) {
      CelAbstractSyntaxTree ast = check(cel, r.condition(), "rule " + r.id(), RuleCode.COMPILE_CONDITION);
      Field[] groupBy = fields(r.groupBy(), r, "group_by");
      List<CompiledException> exceptions = new ArrayList<>();
      for (ExceptionDef x : r.exceptions()) {
        Field[] fs = fields(x.fields(), r, "exception '" + x.name() + "'");
        if (fs != null) {
          exceptions.add(new CompiledException(x.name(), fs, x.comps().toArray(String[]::new), x.values()));
        }
      }
      if (ast != null && groupBy != null) {
        ruleAsts.put(r.id(), ast);
        Keys keys = new Keys();
        keys.lists = listSets;
        keys.collect(ast, ast.getExpr(), macroAsts, 0);
        compiled.add(new CompiledRule(r, program(ast), groupBy, List.copyOf(exceptions), keys.classes, keys.activities,
            keys.guards.toArray(Guard[]::new)));
      }
    }
    if (!issues.isEmpty()) {
      return null;
    }
    Map<String, Binding> bindings = new HashMap<>();
    for (Field f : Field.values()) {
      bindings.put(f.id(), new Activation.FieldRef(f));
    }
    lists.values().forEach(l -> bindings.put(l.name(), new Activation.Constant(new SetList(l.items()))));
    CelRuntime.Program[] macroPrograms = new CelRuntime.Program[macroAsts.size()];
    int i = 0;
    for (var e : macroAsts.entrySet()) {
      bindings.put(e.getKey(), new Activation.MacroRef(i));
      macroPrograms[i++] = program(e.getValue());
    }
    return new RuleSet(compiled, Map.copyOf(bindings), macroPrograms, lists.size(), macros.size());
  }

  private CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    try {
      return RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("a checked CEL expression did not plan: " + e.getMessage(), e);
    }
  }

  private CelAbstractSyntaxTree check(CelCompiler cel, Condition c, String what, RuleCode code) {
    CelValidationResult r = cel.compile(c.text());
    if (r.hasError()) {
      for (CelIssue i : r.getErrors()) {
        Pos p = c.map(i.getSourceLocation().getLine(), Math.max(0, i.getSourceLocation().getColumn()),
            sourceLines.getOrDefault(c.pos().file(), List.of()));
        add(p, code, what + ": " + i.getMessage());
      }
      return null;
    }
    try {
      CelAbstractSyntaxTree ast = r.getAst();
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        add(c.pos(), code, what + ": condition must be a boolean, this one is " + ast.getResultType().name());
        return null;
      }
      return ast;
    } catch (CelValidationException e) {
      add(c.pos(), code, what + ": " + e.getMessage());
      return null;
    }
  }

  private void checkCycles(Map<String, MacroDef> macros, Map<String, CelAbstractSyntaxTree> asts) {
    Map<String, Set<String>> uses = new HashMap<>();
    asts.forEach((name, ast) -> {
      Set<String> u = new HashSet<>();
      ast.getReferenceMap().values().forEach(ref -> {
        if (macros.containsKey(ref.name())) {
          u.add(ref.name());
        }
      });
      uses.put(name, u);
    });
    Set<String> done = new HashSet<>();
    for (String m : asts.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(m, uses, new LinkedHashSet<>(), done, path)) {
        add(macros.get(m).pos(), RuleCode.MACRO_CYCLE, "macro " + m + ": refers to itself through " + String.join(" -> ", path));
        return;
      }
    }
  }

  private static boolean cycle(String m, Map<String, Set<String>> uses, LinkedHashSet<String> stack, Set<String> done,
      List<String> path) {
    if (stack.contains(m)) {
      path.addAll(stack);
      path.add(m);
      return true;
    }
    if (!done.add(m)) {
      return false;
    }
    stack.add(m);
    for (String n : uses.getOrDefault(m, Set.of())) {
      if (cycle(n, uses, stack, done, path)) {
        return true;
      }
    }
    stack.remove(m);
    return false;
  }

  private Field[] fields(List<String> names, RuleDef r, String what) {
    Field[] out = new Field[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Field.byName(names.get(i));
      if (out[i] == null) {
        add(r.pos(), RuleCode.UNKNOWN_FIELD, "rule " + r.id() + ": " + what + " names unknown field '"
            + names.get(i) + "' (see 'ai-audit rules fields')");
        return null;
      }
    }
    return out;
  }

  private <T> void unique(Map<String, T> into, String name, T def, Pos pos, String kind) {
    if (into.putIfAbsent(name, def) != null) {
      add(pos, RuleCode.DUPLICATE_ID, kind + " '" + name + "' is defined twice");
    }
  }

  private void add(Pos p, RuleCode code, String message) {
    List<String> lines = sourceLines.getOrDefault(p.file(), List.of());
    String src = p.line() >= 1 && p.line() <= lines.size() ? lines.get(p.line() - 1) : null;
    issues.add(code.at(p.file(), p.line(), p.column(), message, src));
  }

  /** Index keys from the top-level conjuncts {@code class == "x"}, {@code activity in [...]}, through macros. */
  private static final class Keys {
    Set<String> classes;
    Set<String> activities;
    final List<Guard> guards = new ArrayList<>();
    Map<String, Set<String>> lists = Map.of();

    void collect(CelAbstractSyntaxTree ast, CelExpr e, Map<String, CelAbstractSyntaxTree> macros, int depth) {
      if (depth > 16) {
        return;
      }
      String ref = refName(ast, e);
      if (ref != null && macros.containsKey(ref)) {
        CelAbstractSyntaxTree m = macros.get(ref);
        collect(m, m.getExpr(), macros, depth + 1);
        return;
      }
      if (e.getKind() != CelExpr.ExprKind.Kind.CALL) {
        return;
      }
      CelExpr.CelCall call = e.call();
      String fn = call.function();
      if (fn.equals("_&&_")) {
        call.args().forEach(a -> collect(ast, a, macros, depth + 1));
        return;
      }
      guard(ast, call);
      if (fn.equals("_||_")) {
        Set<String> cls = new HashSet<>();
        Set<String> act = new HashSet<>();
        boolean allCls = true;
        boolean allAct = true;
        for (CelExpr a : call.args()) {
          Keys k = new Keys();
          k.lists = lists;
          k.collect(ast, a, macros, depth + 1);
          allCls &= k.classes != null;
          allAct &= k.activities != null;
          if (k.classes != null) {
            cls.addAll(k.classes);
          }
          if (k.activities != null) {
            act.addAll(k.activities);
          }
        }
        if (allCls) {
          classes = classes == null ? Set.copyOf(cls) : intersect(classes, cls);
        }
        if (allAct) {
          activities = activities == null ? Set.copyOf(act) : intersect(activities, act);
        }
      } else if ((fn.equals("_==_") || fn.equals("@in")) && call.args().size() == 2) {
        String name = refName(ast, call.args().get(0));
        Set<String> values = constants(call.args().get(1));
        if (values != null && "class".equals(name)) {
          classes = classes == null ? values : intersect(classes, values);
        } else if (values != null && "activity".equals(name)) {
          activities = activities == null ? values : intersect(activities, values);
        }
      }
    }

    /** A guard for a top-level conjunct of a simple form, if it is one. */
    private void guard(CelAbstractSyntaxTree ast, CelExpr.CelCall call) {
      String fn = call.function();
      List<CelExpr> args = call.args();
      if (fn.equals("!_") && args.size() == 1 && args.get(0).getKind() == CelExpr.ExprKind.Kind.CALL) {
        CelExpr.CelCall in = args.get(0).call();
        if (in.function().equals("@in") && in.args().size() == 2) {
          Field f = field(ast, in.args().get(0));
          Set<String> set = set(ast, in.args().get(1));
          if (f != null && set != null) {
            guards.add(new Guard(f, Guard.Op.NOT_IN, set));
          }
        }
        return;
      }
      if (call.target().isPresent() && args.size() == 1) {
        Field f = field(ast, call.target().get());
        String c = string(args.get(0));
        if (f != null && c != null && !f.isInteger()) {
          switch (fn) {
            case "startsWith" -> guards.add(new Guard(f, Guard.Op.STARTS, c));
            case "endsWith" -> guards.add(new Guard(f, Guard.Op.ENDS, c));
            case "contains" -> guards.add(new Guard(f, Guard.Op.CONTAINS, c));
            default -> { }
          }
        }
        return;
      }
      if (args.size() != 2) {
        return;
      }
      Field f = field(ast, args.get(0));
      if (f == null) {
        return;
      }
      CelExpr rhs = args.get(1);
      Object c = f.isInteger() ? integer(rhs) : string(rhs);
      switch (fn) {
        case "_==_" -> {
          if (c != null) {
            guards.add(new Guard(f, Guard.Op.EQ, c));
          }
        }
        case "_!=_" -> {
          if (c != null) {
            guards.add(new Guard(f, Guard.Op.NE, c));
          }
        }
        case "@in" -> {
          Set<String> set = f.isInteger() ? null : set(ast, rhs);
          if (set != null) {
            guards.add(new Guard(f, Guard.Op.IN, set));
          }
        }
        default -> { }
      }
    }

    private Set<String> set(CelAbstractSyntaxTree ast, CelExpr e) {
      String ref = refName(ast, e);
      if (ref != null && lists.containsKey(ref)) {
        return lists.get(ref);
      }
      return e.getKind() == CelExpr.ExprKind.Kind.LIST ? constants(e) : null;
    }

    private static Field field(CelAbstractSyntaxTree ast, CelExpr e) {
      String ref = refName(ast, e);
      return ref == null ? null : Field.byName(ref);
    }

    private static String string(CelExpr e) {
      return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT
          && e.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE ? e.constant().stringValue() : null;
    }

    private static Long integer(CelExpr e) {
      return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT
          && e.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.INT64_VALUE ? e.constant().int64Value() : null;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
      Set<String> s = new HashSet<>(a);
      s.retainAll(b);
      return Set.copyOf(s);
    }

    private static Set<String> constants(CelExpr e) {
      if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE) {
        return Set.of(e.constant().stringValue());
      }
      if (e.getKind() == CelExpr.ExprKind.Kind.LIST) {
        Set<String> s = new HashSet<>();
        for (CelExpr x : e.list().elements()) {
          if (x.getKind() != CelExpr.ExprKind.Kind.CONSTANT
              || x.constant().getKind() != dev.cel.common.ast.CelConstant.Kind.STRING_VALUE) {
            return null;
          }
          s.add(x.constant().stringValue());
        }
        return Set.copyOf(s);
      }
      return null;
    }

    private static String refName(CelAbstractSyntaxTree ast, CelExpr e) {
      var ref = ast.getReference(e.id());
      if (ref.isPresent()) {
        return ref.get().name();
      }
      return e.getKind() == CelExpr.ExprKind.Kind.IDENT ? e.ident().name() : null;
    }
  }

  /** A named list as CEL sees it: a list whose {@code contains} is a hash lookup. */
  static final class SetList extends AbstractList<String> {
    private final List<String> items;
    private final Set<String> set;

    SetList(List<String> items) {
      this.items = List.copyOf(items);
      this.set = Set.copyOf(new HashSet<>(items));
    }

    @Override
    public String get(int i) {
      return items.get(i);
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public boolean contains(Object o) {
      return set.contains(o);
    }
  }
}
