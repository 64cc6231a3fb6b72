package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

import dev.aiaudit.detect.rules.RuleDefs.Condition;
import dev.aiaudit.detect.rules.RuleDefs.Example;
import dev.aiaudit.detect.rules.RuleDefs.ExceptionDef;
import dev.aiaudit.detect.rules.RuleDefs.FileDefs;
import dev.aiaudit.detect.rules.RuleDefs.ListDef;
import dev.aiaudit.detect.rules.RuleDefs.MacroDef;
import dev.aiaudit.detect.rules.RuleDefs.Pos;
import dev.aiaudit.detect.rules.RuleDefs.RuleDef;
import dev.aiaudit.model.AlertSeverity;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Stage one of loading (Falco's reader): YAML text to {@link FileDefs}, every item with its source
 * position, every schema problem a {@link Diagnostic}. Reads the node tree only (no object
 * construction from tags), with a bounded document size and no alias expansion bombs.
 *
 * <p>File shape: a mapping with optional {@code lists} (name: [strings]), {@code macros} (name: CEL
 * condition) and {@code rules} (a sequence of rules).
 */
final class RuleReader {
  private static final Set<String> TOP_KEYS = Set.of("lists", "macros", "rules");
  private static final Set<String> RULE_KEYS = Set.of("id", "title", "description", "severity", "condition", "tags",
      "exceptions", "throttle", "group_by", "enabled", "examples");
  private static final Set<String> EXCEPTION_KEYS = Set.of("name", "fields", "comps", "values");
  private static final Set<String> COMPS = Set.of("=", "!=", "startswith", "endswith", "contains", "in");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final String file;
  private final List<String> lines;
  private final List<Diagnostic> issues;

  private RuleReader(String file, String text, List<Diagnostic> issues) {
    this.file = file;
    this.lines = text.lines().toList();
    this.issues = issues;
  }

  /** Reads one file's text; problems go to {@code issues}, the result holds what could be read. */
  static FileDefs read(String file, String text, List<Diagnostic> issues) {
    RuleReader r = new RuleReader(file, text, issues);
    return r.read(text);
  }

  private FileDefs read(String text) {
    List<ListDef> lists = new ArrayList<>();
    List<MacroDef> macros = new ArrayList<>();
    List<RuleDef> rules = new ArrayList<>();
    Node root;
    try {
      LoaderOptions o = new LoaderOptions();
      o.setMaxAliasesForCollections(20);
      o.setCodePointLimit(8 * 1024 * 1024);
      o.setAllowDuplicateKeys(false);
      root = new Yaml(o).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      var m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = m == null ? 0 : m.getLine() + 1;
      int col = m == null ? 0 : m.getColumn() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      issues.add(RuleCode.YAML_PARSE.at(file, line, col, "not valid YAML: " + problem, source(line)));
      return new FileDefs(file, lines, lists, macros, rules);
    } catch (YAMLException e) {
      issues.add(RuleCode.YAML_PARSE.at(file, 1, 1, "not valid YAML: " + e.getMessage(), source(1)));
      return new FileDefs(file, lines, lists, macros, rules);
    }
    if (root == null) {
      return new FileDefs(file, lines, lists, macros, rules);
    }
    if (!(root instanceof MappingNode top)) {
      error(root, "a rule file is a mapping with 'lists', 'macros' and 'rules'");
      return new FileDefs(file, lines, lists, macros, rules);
    }
    for (NodeTuple t : top.getValue()) {
      String key = scalar(t.getKeyNode());
      Node v = t.getValueNode();
      if (key == null || !TOP_KEYS.contains(key)) {
        error(t.getKeyNode(), "unknown key '" + key + "' (expected lists, macros or rules)");
        continue;
      }
      switch (key) {
        case "lists" -> readLists(v, lists);
        case "macros" -> readMacros(v, macros);
        default -> readRules(v, rules);
      }
    }
    return new FileDefs(file, lines, lists, macros, rules);
  }

  private void readLists(Node v, List<ListDef> out) {
    if (!(v instanceof MappingNode m)) {
      error(v, "'lists' must map list names to sequences of strings");
      return;
    }
    for (NodeTuple t : m.getValue()) {
      String name = name(t.getKeyNode(), "list");
      List<String> items = strings(t.getValueNode(), "list '" + name + "'");
      if (name != null && items != null) {
        out.add(new ListDef(name, items, pos(t.getKeyNode())));
      }
    }
  }

  private void readMacros(Node v, List<MacroDef> out) {
    if (!(v instanceof MappingNode m)) {
      error(v, "'macros' must map macro names to CEL conditions");
      return;
    }
    for (NodeTuple t : m.getValue()) {
      String name = name(t.getKeyNode(), "macro");
      Condition c = condition(t.getValueNode(), "macro '" + name + "'");
      if (name != null && c != null) {
        out.add(new MacroDef(name, c, pos(t.getKeyNode())));
      }
    }
  }

  private void readRules(Node v, List<RuleDef> out) {
    if (!(v instanceof SequenceNode s)) {
      error(v, "'rules' must be a sequence of rules");
      return;
    }
    for (Node n : s.getValue()) {
      RuleDef r = rule(n);
      if (r != null) {
        out.add(r);
      }
    }
  }

  private RuleDef rule(Node n) {
    if (!(n instanceof MappingNode m)) {
      error(n, "a rule must be a mapping with id, title, severity and condition");
      return null;
    }
    Map<String, Node> f = fields(m, RULE_KEYS, "rule");
    int before = issues.size();
    String id = text(f.get("id"), "id", n);
    if (id != null && !RULE_ID.matcher(id).matches()) {
      error(f.get("id"), "rule id '" + id + "' must be lower-case letters, digits, '.', '_' or '-' (at most 128)");
    }
    String what = "rule " + (id == null ? "?" : id);
    String title = text(f.get("title"), "title", n);
    String description = f.containsKey("description") ? text(f.get("description"), "description", n) : "";
    AlertSeverity sev = null;
    String sevText = text(f.get("severity"), "severity", n);
    if (sevText != null) {
      try {
        sev = AlertSeverity.parse(sevText);
      } catch (IllegalArgumentException e) {
        error(f.get("severity"), what + ": " + e.getMessage());
      }
    }
    Condition cond = f.containsKey("condition") ? condition(f.get("condition"), what)
        : missing(n, what + ": 'condition' is required");
    List<String> tags = f.containsKey("tags") ? strings(f.get("tags"), what + " tags") : List.of();
    List<String> groupBy = f.containsKey("group_by") ? strings(f.get("group_by"), what + " group_by") : List.of();
    boolean enabled = true;
    if (f.containsKey("enabled")) {
      String e = scalar(f.get("enabled"));
      if (!"true".equals(e) && !"false".equals(e)) {
        error(f.get("enabled"), what + ": 'enabled' must be true or false");
      }
      enabled = !"false".equals(e);
    }
    Duration throttle = null;
    int throttleMax = 1;
    if (f.containsKey("throttle")) {
      Node t = f.get("throttle");
      if (t instanceof MappingNode tm) {
        Map<String, Node> tf = fields(tm, Set.of("window", "max"), what + " throttle");
        throttle = duration(tf.get("window"), what);
        if (tf.containsKey("max")) {
          String mx = scalar(tf.get("max"));
          if (mx == null || !mx.matches("[1-9]\\d{0,5}")) {
            error(tf.get("max"), what + ": throttle max must be a whole number from 1 to 999999");
          } else {
            throttleMax = Integer.parseInt(mx);
          }
        }
      } else {
        throttle = duration(t, what);
      }
    }
    List<ExceptionDef> exceptions = f.containsKey("exceptions") ? exceptions(f.get("exceptions"), what) : List.of();
    List<Example> match = new ArrayList<>();
    List<Example> noMatch = new ArrayList<>();
    if (f.containsKey("examples")) {
      examples(f.get("examples"), what, match, noMatch);
    }
    if (issues.size() > before || id == null || title == null || sev == null || cond == null || tags == null
        || groupBy == null) {
      return null;
    }
    return new RuleDef(id, title, description == null ? "" : description, sev, cond, tags, exceptions, throttle,
        throttleMax, groupBy, enabled, match, noMatch, pos(n));
  }

  private List<ExceptionDef> exceptions(Node v, String what) {
    List<ExceptionDef> out = new ArrayList<>();
    if (!(v instanceof SequenceNode s)) {
      error(v, what + ": 'exceptions' must be a sequence of {name, fields, values}");
      return out;
    }
    for (Node n : s.getValue()) {
      if (!(n instanceof MappingNode m)) {
        error(n, what + ": an exception must be a mapping with name, fields and values");
        continue;
      }
      Map<String, Node> f = fields(m, EXCEPTION_KEYS, what + " exception");
      String name = text(f.get("name"), "name", n);
      List<String> fields = f.containsKey("fields") ? strings(f.get("fields"), what + " exception fields")
          : missing(n, what + ": exception needs 'fields'");
      if (name == null || fields == null) {
        continue;
      }
      List<String> comps = new ArrayList<>();
      if (f.containsKey("comps")) {
        List<String> c = strings(f.get("comps"), what + " exception comps");
        if (c == null || c.size() != fields.size()) {
          error(f.get("comps"), what + ": exception '" + name + "' needs one comp per field (" + fields.size() + ")");
          continue;
        }
        for (String x : c) {
          if (!COMPS.contains(x)) {
            error(f.get("comps"), what + ": exception '" + name + "': unknown comp '" + x + "' (expected =, !=, startswith, endswith, contains or in)");
          }
        }
        comps.addAll(c);
      } else {
        fields.forEach(x -> comps.add("="));
      }
      List<List<Object>> values = new ArrayList<>();
      Node vals = f.get("values");
      if (vals instanceof SequenceNode vs) {
        for (Node tuple : vs.getValue()) {
          List<Object> row = tuple(tuple, fields.size(), comps, what + ": exception '" + name + "'");
          if (row != null) {
            values.add(row);
          }
        }
      } else if (vals != null) {
        error(vals, what + ": exception '" + name + "' values must be a sequence of tuples");
      }
      out.add(new ExceptionDef(name, fields, comps, values, pos(n)));
    }
    return out;
  }

  private List<Object> tuple(Node n, int arity, List<String> comps, String what) {
    List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
    if (items.size() != arity) {
      error(n, what + ": a value tuple needs " + arity + " values, this has " + items.size());
      return null;
    }
    List<Object> row = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      if (comps.get(i).equals("in")) {
        List<String> l = strings(items.get(i), what + " 'in' value");
        if (l == null) {
          return null;
        }
        row.add(Set.copyOf(l));
      } else {
        String s = scalar(items.get(i));
        if (s == null) {
          error(items.get(i), what + ": value must be a scalar");
          return null;
        }
        row.add(s);
      }
    }
    return row;
  }

  private void examples(Node v, String what, List<Example> match, List<Example> noMatch) {
    if (!(v instanceof MappingNode m)) {
      error(v, what + ": 'examples' must be a mapping with match and no_match");
      return;
    }
    Map<String, Node> f = fields(m, Set.of("match", "no_match"), what + " examples");
    readExamples(f.get("match"), what, match);
    readExamples(f.get("no_match"), what, noMatch);
  }

  private void readExamples(Node v, String what, List<Example> out) {
    if (v == null) {
      return;
    }
    if (!(v instanceof SequenceNode s)) {
      error(v, what + ": examples must be a sequence of records (field: value mappings)");
      return;
    }
    for (Node n : s.getValue()) {
      if (!(n instanceof MappingNode m)) {
        error(n, what + ": an example is a mapping of field names to values");
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String k = scalar(t.getKeyNode());
        String val = scalar(t.getValueNode());
        if (k == null || val == null) {
          error(t.getKeyNode(), what + ": example fields must be scalars");
          continue;
        }
        fields.put(k, val);
      }
      out.add(new Example(fields, pos(n)));
    }
  }

  private Condition condition(Node v, String what) {
    if (!(v instanceof ScalarNode s) || s.getValue().isBlank()) {
      error(v, what + ": condition must be a non-empty CEL expression");
      return null;
    }
    Pos p = pos(s);
    ScalarStyle style = s.getScalarStyle();
    String t = s.getValue();
    int startLine = s.getStartMark().getLine() + 1;
    int endLine = s.getEndMark().getLine() + 1;
    return switch (style) {
      case LITERAL -> new Condition(t, p, startLine + 1, 0, true);
      case PLAIN -> new Condition(t, p, startLine, p.column(), startLine == endLine);
      case SINGLE_QUOTED, DOUBLE_QUOTED -> new Condition(t, p, startLine, p.column() + 1,
          startLine == endLine && !t.contains("\\") && !t.contains("'"));
      default -> new Condition(t, p, startLine, p.column(), false);
    };
  }

  private Duration duration(Node n, String what) {
    String s = scalar(n);
    Matcher m = s == null ? null : DURATION.matcher(s.trim());
    if (m == null || !m.matches()) {
      error(n, what + ": throttle window must be a duration such as 500ms, 30s, 5m, 1h or 1d");
      return null;
    }
    long v = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofDays(v);
    };
    if (d.isZero()) {
      error(n, what + ": throttle window must be longer than 0");
      return null;
    }
    return d;
  }

  private Map<String, Node> fields(MappingNode m, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String k = scalar(t.getKeyNode());
      if (k == null || !allowed.contains(k)) {
        error(t.getKeyNode(), what + ": unknown key '" + k + "' (expected " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        continue;
      }
      out.put(k, t.getValueNode());
    }
    return out;
  }

  private String name(Node n, String kind) {
    String s = scalar(n);
    if (s == null || !NAME.matcher(s).matches() || Field.byName(s) != null) {
      error(n, kind + " name '" + s + "' must be lower-case letters, digits and '_', starting with a letter,"
          + " and not a field name");
      return null;
    }
    return s;
  }

  private String text(Node n, String key, Node owner) {
    if (n == null) {
      error(owner, "'" + key + "' is required");
      return null;
    }
    String s = scalar(n);
    if (s == null || s.isBlank()) {
      error(n, "'" + key + "' must be a non-empty string");
      return null;
    }
    return s;
  }

  private List<String> strings(Node n, String what) {
    if (!(n instanceof SequenceNode s)) {
      error(n, what + " must be a sequence of strings");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Node i : s.getValue()) {
      String v = scalar(i);
      if (v == null) {
        error(i, what + " must hold strings only");
        return null;
      }
      out.add(v);
    }
    return List.copyOf(out);
  }

  private <T> T missing(Node owner, String message) {
    error(owner, message);
    return null;
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  private Pos pos(Node n) {
    return new Pos(file, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
  }

  private void error(Node n, String message) {
    Pos p = n == null ? new Pos(file, 0, 0) : pos(n);
    issues.add(RuleCode.SCHEMA.at(file, p.line(), p.column(), message, source(p.line())));
  }

  private String source(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
  }
}
