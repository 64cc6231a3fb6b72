package dev.aiaudit.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sigma's condition language to CEL: {@code and}, {@code or}, {@code not}, brackets, search
 * identifiers, {@code 1 of x*} / {@code any of x*}, {@code all of x*}, {@code 1 of them},
 * {@code all of them}. Aggregations ({@code | count() ...}) are refused.
 */
final class SigmaCondition {
  private final List<String> tokens;
  private final Map<String, String> searches;
  private int pos;

  private SigmaCondition(List<String> tokens, Map<String, String> searches) {
    this.tokens = tokens;
    this.searches = searches;
  }

  /** CEL for {@code condition}, given the CEL of each search identifier. */
  static String toCel(String condition, Map<String, String> searches) {
    if (condition.contains("|")) {
      throw new SigmaException("aggregation in condition ('|') is not supported");
    }
    SigmaCondition p = new SigmaCondition(tokenize(condition), searches);
    String cel = p.or();
    if (p.pos != p.tokens.size()) {
      throw new SigmaException("condition: unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return cel;
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '(' && s.charAt(j) != ')') {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new SigmaException("condition ends early");
    }
    return tokens.get(pos++);
  }

  private String or() {
    List<String> parts = new ArrayList<>(List.of(and()));
    while ("or".equalsIgnoreCase(peek())) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" || ", parts) + ")";
  }

  private String and() {
    List<String> parts = new ArrayList<>(List.of(not()));
    while ("and".equalsIgnoreCase(peek())) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" && ", parts) + ")";
  }

  private String not() {
    if ("not".equalsIgnoreCase(peek())) {
      pos++;
      return "!(" + not() + ")";
    }
    return primary();
  }

  private String primary() {
    String t = next();
    if (t.equals("(")) {
      String inner = or();
      if (!")".equals(next())) {
        throw new SigmaException("condition: missing ')'");
      }
      return "(" + inner + ")";
    }
    if ((t.equals("1") || t.equalsIgnoreCase("any") || t.equalsIgnoreCase("all")) && "of".equalsIgnoreCase(peek())) {
      pos++;
      String target = next();
      List<String> names = new ArrayList<>();
      if (target.equalsIgnoreCase("them")) {
        searches.keySet().stream().filter(n -> !n.startsWith("_")).forEach(names::add);
      } else {
        Pattern p = Pattern.compile(Pattern.quote(target).replace("*", "\\E.*\\Q"));
        searches.keySet().stream().filter(n -> p.matcher(n).matches()).forEach(names::add);
      }
      if (names.isEmpty()) {
        throw new SigmaException("condition: '" + t + " of " + target + "' matches no search identifier");
      }
      List<String> cel = names.stream().sorted().map(searches::get).toList();
      return cel.size() == 1 ? cel.getFirst() : "(" + String.join(t.equalsIgnoreCase("all") ? " && " : " || ", cel) + ")";
    }
    String cel = searches.get(t);
    if (cel == null) {
      throw new SigmaException("condition names unknown search identifier '" + t + "'");
    }
    return cel;
  }
}
