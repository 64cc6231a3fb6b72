package dev.aiaudit.scan.host;

import java.util.Objects;
import java.util.Optional;

/**
 * One input source: its value, or why there is none.
 *
 * @param origin the file it was read from, or where it was looked for
 * @param error true when the source exists but could not be read (as opposed to absent)
 */
public record Source<T>(Optional<T> value, String origin, boolean error) {

  public Source {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }

  public static <T> Source<T> of(T value, String origin) {
    return new Source<>(Optional.of(value), origin, false);
  }

  public static <T> Source<T> absent(String why) {
    return new Source<>(Optional.empty(), why, false);
  }

  public static <T> Source<T> failed(String why) {
    return new Source<>(Optional.empty(), why, true);
  }

  public boolean available() {
    return value.isPresent();
  }

  public T get() {
    return value.orElseThrow();
  }
}
