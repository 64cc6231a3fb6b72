package dev.aiaudit.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Start-up shortcut for the most frequent CI call, {@code ai-audit scan [options]}: when every argument is one of
 * {@link ScanCommand}'s options in the plain {@code --name VALUE} / {@code --name=VALUE} form, the options are set on
 * a {@link ScanCommand} directly and it runs without building picocli's command model, which costs more CPU than the
 * scan itself. Anything else (help, version, lists, an unknown or repeated option, a missing value, clustered short
 * options) returns {@code null} and picocli parses the command line as always, with its own messages; the command's
 * logic and its checks of the values are the same on both paths.
 */
final class ScanFastPath {
  private static final Set<String> SINGLE = Set.of("--root", "--kconfig", "--cmdline", "--sysctl", "-f", "--format", "-o",
      "--output", "--fail-on", "--data-dir");
  private static final Set<String> REPEATABLE = Set.of("-p", "--profile", "--check");

  private ScanFastPath() {}

  /** The exit code of the scan, or {@code null} when picocli must parse {@code args} (the words after "scan"). */
  static Integer tryRun(String[] args) {
    ScanCommand c;
    try {
      c = parse(args);
    } catch (java.nio.file.InvalidPathException e) {
      return null; // picocli reports the bad path
    }
    if (c == null) {
      return null;
    }
    Integer rc = c.call();
    ranWithoutHooks = c.dataDir == null; // --data-dir opens the journal and index: leave their exit to System.exit
    return rc;
  }

  private static volatile boolean ranWithoutHooks;

  /**
   * Whether the last {@link #tryRun} ran a scan that opened nothing but files it closed again (no {@code --data-dir}),
   * so the process may end with {@link Runtime#halt} once the standard streams are flushed.
   */
  static boolean ranWithoutHooks() {
    return ranWithoutHooks;
  }

  /** A command with every option of {@code args} set, or {@code null} when the arguments need picocli. */
  static ScanCommand parse(String[] args) {
    ScanCommand c = new ScanCommand(false);
    c.format = "text";
    c.failOn = "low";
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[++i];
      } else {
        return null; // a flag, a missing value, or a value that looks like an option: picocli decides
      }
      if (value.isEmpty() || !(SINGLE.contains(name) || REPEATABLE.contains(name))) {
        return null;
      }
      if (SINGLE.contains(name) && !seen.add(canonical(name))) {
        return null; // picocli reports a repeated single-value option
      }
      switch (canonical(name)) {
        case "--root" -> c.root = Path.of(value);
        case "--kconfig" -> c.kconfig = Path.of(value);
        case "--cmdline" -> c.cmdline = Path.of(value);
        case "--sysctl" -> c.sysctl = Path.of(value);
        case "--format" -> c.format = value;
        case "--output" -> c.output = Path.of(value);
        case "--fail-on" -> c.failOn = value;
        case "--data-dir" -> c.dataDir = Path.of(value);
        case "--profile" -> c.profiles.add(value);
        case "--check" -> c.checks.add(value);
        default -> {
          return null;
        }
      }
    }
    return c;
  }

  private static String canonical(String name) {
    return switch (name) {
      case "-f" -> "--format";
      case "-o" -> "--output";
      case "-p" -> "--profile";
      default -> name;
    };
  }
}
