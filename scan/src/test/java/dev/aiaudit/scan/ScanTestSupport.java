package dev.aiaudit.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds fake root trees and inputs, and runs single checks. */
final class ScanTestSupport {
  private ScanTestSupport() {}

  static Path write(Path root, String absolute, String content) {
    try {
      Path p = root.resolve(absolute.substring(1));
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path root, String absolute, String content, String perms) {
    Path p = write(root, absolute, content);
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Verdict per check id for the given checks of {@code profile} on {@code root}. */
  static Map<String, Verdict> verdicts(ScanOptions.Builder options) {
    return results(options).stream().collect(Collectors.toMap(CheckResult::id, CheckResult::verdict));
  }

  static List<CheckResult> results(ScanOptions.Builder options) {
    return Scanner.builtin().scan(options.build()).results();
  }

  static CheckResult one(ScanOptions.Builder options, String id) {
    return results(options.checkIds(List.of(id))).getFirst();
  }
}
