package dev.aiaudit.scan;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/** Test resources as paths. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String resource) {
    try {
      return Path.of(Objects.requireNonNull(Fixtures.class.getClassLoader().getResource(resource), resource).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
