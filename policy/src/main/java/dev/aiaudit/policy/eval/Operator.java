package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Condition operators with Azure Policy semantics: text comparisons are case-insensitive except
 * {@code match}/{@code notMatch}; {@code like} takes {@code *} wildcards; in {@code match},
 * {@code #} is a digit, {@code ?} a letter and {@code .} any character. A missing field satisfies
 * only the negated operators ({@code notEquals}, {@code notLike}...). Ordering a value against one of
 * another type throws {@link EvalException}.
 */
public enum Operator {
  EQUALS("equals", false),
  NOT_EQUALS("notEquals", true),
  LIKE("like", false),
  NOT_LIKE("notLike", true),
  MATCH("match", false),
  NOT_MATCH("notMatch", true),
  MATCH_INSENSITIVELY("matchInsensitively", false),
  NOT_MATCH_INSENSITIVELY("notMatchInsensitively", true),
  CONTAINS("contains", false),
  NOT_CONTAINS("notContains", true),
  IN("in", false),
  NOT_IN("notIn", true),
  CONTAINS_KEY("containsKey", false),
  NOT_CONTAINS_KEY("notContainsKey", true),
  LESS("less", false),
  LESS_OR_EQUALS("lessOrEquals", false),
  GREATER("greater", false),
  GREATER_OR_EQUALS("greaterOrEquals", false),
  EXISTS("exists", false);

  private static final Map<String, Pattern> LIKE_PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, Pattern> MATCH_PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, Pattern> IMATCH_PATTERNS = new ConcurrentHashMap<>();
  private final String wire;
  private final boolean negated;

  Operator(String wire, boolean negated) {
    this.wire = wire;
    this.negated = negated;
  }

  public String wireName() {
    return wire;
  }

  /** The operator spelled {@code key} in a condition object, or {@code null}. */
  public static Operator byName(String key) {
    for (Operator o : values()) {
      if (o.wire.equalsIgnoreCase(key)) {
        return o;
      }
    }
    return null;
  }

  /** Applies the operator to an actual value and the expected one. */
  public boolean test(JsonNode actual, JsonNode expected) {
    boolean base = positive(actual, expected);
    return negated != base;
  }

  private boolean positive(JsonNode a, JsonNode e) {
    if (this == EXISTS) {
      boolean want = e.isBoolean() ? e.booleanValue() : Boolean.parseBoolean(Values.text(e));
      return want != Values.absent(a);
    }
    if (this == IN || this == NOT_IN) {
      if (!e.isArray()) {
        throw new EvalException(wire + " needs an array, got " + Values.kind(e));
      }
      for (JsonNode x : e) {
        if (Values.looseEquals(a, x)) {
          return true;
        }
      }
      return false;
    }
    if (Values.absent(a)) {
      return false;
    }
    return switch (this) {
      case EQUALS, NOT_EQUALS -> Values.looseEquals(a, e);
      case LIKE, NOT_LIKE -> a.isValueNode() && pattern(LIKE_PATTERNS, 'L', Values.text(e)).matcher(a.asText()).matches();
      case MATCH, NOT_MATCH -> a.isValueNode() && pattern(MATCH_PATTERNS, 'M', Values.text(e)).matcher(a.asText()).matches();
      case MATCH_INSENSITIVELY, NOT_MATCH_INSENSITIVELY ->
          a.isValueNode() && pattern(IMATCH_PATTERNS, 'I', Values.text(e)).matcher(a.asText()).matches();
      case CONTAINS, NOT_CONTAINS -> contains(a, e);
      case CONTAINS_KEY, NOT_CONTAINS_KEY -> a.isObject() && FieldPath.lookup(a, Values.text(e)) != null;
      case LESS -> Values.compare(a, e) < 0;
      case LESS_OR_EQUALS -> Values.compare(a, e) <= 0;
      case GREATER -> Values.compare(a, e) > 0;
      case GREATER_OR_EQUALS -> Values.compare(a, e) >= 0;
      default -> throw new IllegalStateException(wire);
    };
  }

  private static boolean contains(JsonNode a, JsonNode e) {
    if (a.isArray()) {
      for (JsonNode x : a) {
        if (Values.looseEquals(x, e)) {
          return true;
        }
      }
      return false;
    }
    if (a.isValueNode()) {
      return a.asText().toLowerCase(Locale.ROOT).contains(Values.text(e).toLowerCase(Locale.ROOT));
    }
    return false;
  }

  private static Pattern pattern(Map<String, Pattern> cache, char kind, String p) {
    Pattern hit = cache.get(p);
    return hit != null ? hit : cache.computeIfAbsent(p, x -> compile(kind, x));
  }

  private static Pattern compile(char kind, String p) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (kind == 'L') {
        re.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
      } else {
        switch (c) {
          case '#' -> re.append("[0-9]");
          case '?' -> re.append("\\p{L}");
          case '.' -> re.append('.');
          default -> re.append(Pattern.quote(String.valueOf(c)));
        }
      }
    }
    int flags = kind == 'M' ? Pattern.DOTALL : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL;
    return Pattern.compile(re.toString(), flags);
  }
}
