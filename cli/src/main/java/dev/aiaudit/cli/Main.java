package dev.aiaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ai-audit} command line: one subcommand per job. */
@Command(
    name = "ai-audit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Audit trail, detection and compliance for AI workloads on Linux.",
    subcommands = {
      CommandLine.HelpCommand.class,
      WatchCommand.class,
      QueryCommand.class,
      VerifyCommand.class,
      ReindexCommand.class,
      ScanCommand.class,
      PolicyCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ai-audit " + (v == null ? "dev" : v)};
    }
  }
}
