package dev.aiaudit.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Skips a test, with a printed reason, when it lacks a privilege; never lets it pass silently. */
public final class Privileges {
  private static final int CAP_SYS_ADMIN = 21;

  /**
   * Set by {@code .ci/run}: CI runs as root, so a test that would skip for lack of root or
   * CAP_SYS_ADMIN fails instead (a skipped fanotify test in CI is a silent loss of coverage).
   */
  public static final String REQUIRE_ENV = "AI_AUDIT_REQUIRE_PRIVILEGES";

  private Privileges() {}

  private static void failIfRequired(String reason) {
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(REQUIRE_ENV + "=1 but the test lacks a privilege: " + reason);
    }
  }

  public static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase().contains("linux");
  }

  /** True when the effective capability set holds CAP_SYS_ADMIN (what fanotify mount marks need). */
  public static boolean hasCapSysAdmin() {
    if (!isLinux()) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (caps & (1L << CAP_SYS_ADMIN)) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Skips the test (printing why) unless the process holds CAP_SYS_ADMIN on Linux. */
  public static void assumeCapSysAdmin(String what) {
    boolean ok = hasCapSysAdmin();
    if (!ok) {
      System.out.println("SKIPPED " + what + ": needs Linux with CAP_SYS_ADMIN (run the tests as root)");
      failIfRequired("needs CAP_SYS_ADMIN: " + what);
    }
    assumeTrue(ok, "needs Linux with CAP_SYS_ADMIN (run as root): " + what);
  }

  /** Skips the test unless {@code ok}, printing {@code SKIPPED <reason>} so a skip is never silent. */
  public static void assume(boolean ok, String reason) {
    if (!ok) {
      System.out.println("SKIPPED " + reason);
    }
    assumeTrue(ok, reason);
  }

  /** Skips the test (printing why) unless running as root. */
  public static void assumeRoot(String what) {
    boolean ok = isRoot();
    if (!ok) {
      System.out.println("SKIPPED " + what + ": needs root");
      failIfRequired("needs root: " + what);
    }
    assumeTrue(ok, "needs root: " + what);
  }
}
