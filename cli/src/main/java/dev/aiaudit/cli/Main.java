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
      UpCommand.class,
      WatchCommand.class,
      QueryCommand.class,
      VerifyCommand.class,
      EvidenceCommand.class,
      ReindexCommand.class,
      KeysCommand.class,
      ScanCommand.class,
      PolicyCommand.class,
      RulesCommand.class,
      ServeCommand.class,
      GpuCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    int rc = run(args);
    if (args.length > 0 && args[0].equals("scan") && ScanFastPath.ranWithoutHooks()) {
      // A plain scan has written and flushed its report and registered no shutdown hook: halt skips the JDK's
      // exit logging (System.exit bootstraps the platform logger and its service lookup to ask whether
      // Runtime.exit is logged: ~3 ms of a ~50 ms scan).
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(rc);
    }
    System.exit(rc);
  }

  /**
   * Runs the CLI and returns its exit code (tests call this instead of {@link #main}). A known
   * subcommand runs on its own command line, so picocli does not build (and the JVM does not load)
   * the model of every other command: start-up time matters for {@code scan} in CI pipelines.
   */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("scan")) {
      Integer rc = ScanFastPath.tryRun(java.util.Arrays.copyOfRange(args, 1, args.length));
      if (rc != null) {
        return rc;
      }
    }
    if (args.length > 0) {
      java.util.function.Supplier<Object> sub = switch (args[0]) {
        case "up" -> UpCommand::new;
        case "watch" -> WatchCommand::new;
        case "query" -> QueryCommand::new;
        case "verify" -> VerifyCommand::new;
        case "evidence" -> EvidenceCommand::new;
        case "reindex" -> ReindexCommand::new;
        case "keys" -> KeysCommand::new;
        case "scan" -> ScanCommand::new;
        case "policy" -> PolicyCommand::new;
        case "rules" -> RulesCommand::new;
        case "serve" -> ServeCommand::new;
        case "gpu" -> GpuCommand::new;
        default -> null;
      };
      if (sub != null) {
        CommandLine cl = new CommandLine(sub.get()).setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(Main::couldNotRun);
        cl.setCommandName("ai-audit " + args[0]);
        return cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
      }
    }
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::couldNotRun).execute(args);
  }

  /**
   * An exception no command handled: one escaped line and exit 2 ("could not run"), never a stack trace
   * and never 1, which means "a finding" for scan and policy.
   */
  static int couldNotRun(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    String m = e.getMessage();
    cmd.getErr().println(cmd.getCommandName() + ": " + (m == null ? e.getClass().getSimpleName()
        : dev.aiaudit.model.text.SafeText.capped(m, 1000)));
    cmd.getErr().flush();
    return 2;
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
