package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.store.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query parameters of the API and pages, checked: a bad value is an {@link ApiException} 400 naming the parameter
 * and the value (control characters escaped).
 */
final class Params {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");
  static final int MAX_PAGE = 1000;

  private Params() {}

  /**
   * A point in time: a duration back from {@code now} ({@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 1w},
   * ISO {@code PT2H}) or an ISO instant ({@code 2026-12-01T08:00:00Z}).
   */
  static Instant time(String name, String v, Instant now) {
    if (v == null || v.isBlank()) {
      return null;
    }
    Matcher m = SHORT.matcher(v.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      return now.minus(d);
    }
    try {
      return v.startsWith("P") ? now.minus(Duration.parse(v)) : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw bad(name, v, "expected a duration back from now (30s, 15m, 24h, 7d, 1w, PT2H) or an ISO instant");
    }
  }

  /** A length of time: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w} or ISO {@code PT10M}. */
  static Duration duration(String name, String v) {
    Matcher m = SHORT.matcher(v.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      Duration d = Duration.parse(v.trim());
      if (d.isNegative()) {
        throw bad(name, v, "expected a positive duration");
      }
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw bad(name, v, "expected a duration (250ms, 30s, 5m, 1h, 1d, 1w, PT10M)");
    }
  }

  static int size(String v, int dflt) {
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= MAX_PAGE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw bad("limit", v, "expected 1.." + MAX_PAGE);
  }

  /**
   * The event filter of {@code /api/v1/events} and the accesses page: {@code class} (names as {@code query --class},
   * comma-separated), {@code since}, {@code until}, {@code kind}, {@code path} (glob), {@code process}, {@code user},
   * {@code container}, {@code activity}, {@code host}.
   */
  static EventQuery.Builder events(Function<String, String> p, ToIntFunction<String> classUid, Instant now) {
    EventQuery.Builder b = EventQuery.builder().newestFirst(true);
    try {
      List<Integer> classes = new ArrayList<>();
      for (String c : list(p.apply("class"))) {
        try {
          classes.add(classUid.applyAsInt(c));
        } catch (IllegalArgumentException e) {
          throw bad("class", c, e.getMessage());
        }
      }
      b.classUids(classes);
      b.from(time("since", p.apply("since"), now)).to(time("until", p.apply("until"), now));
      List<AssetKind> kinds = new ArrayList<>();
      for (String k : list(p.apply("kind"))) {
        kinds.add(parse("kind", k, AssetKind.values()));
      }
      b.assetKinds(kinds);
      List<FileActivity> acts = new ArrayList<>();
      for (String a : list(p.apply("activity"))) {
        acts.add(parse("activity", a, FileActivity.values()));
      }
      b.activities(acts);
      b.pathGlob(blankToNull(p.apply("path"))).process(blankToNull(p.apply("process")))
          .user(blankToNull(p.apply("user"))).container(blankToNull(p.apply("container"))).host(host(p));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    return b;
  }

  private static <E extends Enum<E>> E parse(String name, String v, E[] values) {
    for (E e : values) {
      String id = e.name().toLowerCase(Locale.ROOT);
      if (id.equals(v)) {
        return e;
      }
    }
    throw bad(name, v, "unknown value");
  }

  /** The {@code host} filter: a host name as recorded, or {@code null} for every host. */
  static String host(Function<String, String> p) {
    String h = blankToNull(p.apply("host"));
    if (h != null && (h.length() > 253 || h.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      throw bad("host", h, "expected a host name (at most 253 characters, no control characters)");
    }
    return h;
  }

  static List<String> list(String v) {
    if (v == null || v.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static ApiException bad(String name, String value, String why) {
    return new ApiException(400, "parameter " + name + "='" + dev.aiaudit.model.text.SafeText.capped(value, 200) + "': " + why);
  }
}
