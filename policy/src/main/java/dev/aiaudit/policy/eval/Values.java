package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;

/** Comparison rules shared by the operators: case-insensitive text, numbers, ISO dates. */
public final class Values {
  private Values() {}

  /** Missing or JSON null. */
  public static boolean absent(JsonNode v) {
    return v == null || v.isMissingNode() || v.isNull();
  }

  /** Text form of a scalar; JSON text for containers; empty for absent. */
  public static String text(JsonNode v) {
    if (absent(v)) {
      return "";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** Size of an array, object or string; 0 when absent. */
  static int size(JsonNode v) {
    if (absent(v)) {
      return 0;
    }
    if (v.isTextual()) {
      return v.textValue().length();
    }
    return v.size();
  }

  /** Azure equality: text case-insensitive, numbers by value, containers structurally. */
  static boolean looseEquals(JsonNode a, JsonNode b) {
    if (absent(a) || absent(b)) {
      return absent(a) && absent(b);
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isValueNode() && b.isValueNode()) {
      return a.asText().equalsIgnoreCase(b.asText());
    }
    if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        if (!looseEquals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject() && a.size() == b.size()) {
      Iterator<String> it = a.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        JsonNode other = FieldPath.lookup(b, k);
        if (other == null || !looseEquals(a.get(k), other)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Orders two values: numbers numerically (numeric text against a number too: annotation values are
   * strings), two ISO dates as instants, other text case-insensitively.
   * Throws {@link EvalException} on a type mismatch (Azure: an error, never a silent pass).
   */
  static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    if (a.isNumber() != b.isNumber() && (a.isTextual() || b.isTextual())) {
      java.math.BigDecimal x = number(a);
      java.math.BigDecimal y = number(b);
      if (x != null && y != null) {
        return x.compareTo(y);
      }
    }
    if (a.isTextual() && b.isTextual()) {
      Instant x = tryInstant(a.textValue());
      Instant y = tryInstant(b.textValue());
      if (x != null && y != null) {
        return x.compareTo(y);
      }
      return a.textValue().toLowerCase(Locale.ROOT).compareTo(b.textValue().toLowerCase(Locale.ROOT));
    }
    throw new EvalException("cannot compare " + kind(a) + " " + text(a) + " with " + kind(b) + " " + text(b));
  }

  /** A number, or numeric text (annotation values are strings), or {@code null}. */
  private static java.math.BigDecimal number(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    try {
      return new java.math.BigDecimal(v.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** An ISO date ({@code 2026-08-02}) or date-time; throws {@link EvalException} otherwise. */
  public static Instant toInstant(JsonNode v) {
    Instant t = v.isTextual() ? tryInstant(v.textValue()) : null;
    if (t == null) {
      throw new EvalException("not an ISO-8601 date: " + text(v));
    }
    return t;
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, Instant> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 4096;

  /** Parses an ISO date or date-time, or returns {@code null}; recent texts are cached (dates repeat a lot). */
  public static Instant tryInstant(String s) {
    if (s.length() < 10 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-') {
      return null;
    }
    Instant hit = PARSED.get(s);
    if (hit != null) {
      return hit;
    }
    Instant t = parseInstant(s);
    if (t != null) {
      if (PARSED.size() >= CACHE_LIMIT) {
        PARSED.clear();
      }
      PARSED.put(s, t);
    }
    return t;
  }

  private static Instant parseInstant(String s) {
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
