package dev.aiaudit.cli;

import dev.aiaudit.cli.wiring.DashboardWiring;
import dev.aiaudit.server.admission.TlsMaterial;
import dev.aiaudit.server.dashboard.DashboardServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ai-audit up}: in one process, the agent as {@code watch} runs it (sensor, detection, policy watch over
 * {@code --policy-dir}), host scans at start and on a schedule, and the dashboard on http://127.0.0.1:8480.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run everything on this host in one process: the agent (sensor, detection, policy watch),",
        "host scans at start and on a schedule, and the dashboard with its REST API; until interrupted."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGINT/SIGTERM after a clean drain and final signed checkpoint",
      "1:stopped, but events could not be journaled or the final checkpoint could not be written",
      "2:could not start (bad configuration, missing path, port in use, key that does not match the journal)"
    })
public final class UpCommand implements Callable<Integer> {

  @Mixin
  WatchCommand watch = new WatchCommand();

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = DashboardServer.DEFAULT_BIND,
      description = "address the dashboard listens on (default: ${DEFAULT-VALUE}, loopback only)")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardServer.DEFAULT_PORT,
      description = "dashboard port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port;

  @Option(names = "--scan-profile", paramLabel = "PROFILE",
      description = "scan profile run at start and on schedule (repeatable; default: ai-host)")
  List<String> scanProfiles = new ArrayList<>();

  @Option(names = "--scan-every", paramLabel = "DURATION", defaultValue = "1h",
      description = "how often the host is scanned (default: ${DEFAULT-VALUE}; 0 = at start and on demand only)")
  String scanEvery;

  @Option(names = "--store", paramLabel = "URL",
      description = {"the dashboard reads this fleet store (postgresql://user@host/db, filled by 'ai-audit serve') and",
          "shows every host; this host's agent and scans still journal locally (default: this agent's own index)"})
  String store;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate (with --tls-key)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "private key of --tls-cert")
  Path tlsKey;

  @Override
  public Integer call() {
    // the web server's start-up chatter (banner, connector, context) is not news on the console: warnings only
    for (String quiet : new String[] {"io.javalin", "org.eclipse.jetty"}) {
      if (System.getProperty("org.slf4j.simpleLogger.log." + quiet) == null) {
        System.setProperty("org.slf4j.simpleLogger.log." + quiet, "warn");
      }
    }
    DashboardWiring.Settings s;
    try {
      Duration every = scanEvery.equals("0") ? Duration.ZERO : dev.aiaudit.cli.config.ConfigLoader.parseDuration(scanEvery);
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      TlsMaterial tls = tlsCert == null ? null : TlsMaterial.fromPem(tlsCert, tlsKey);
      s = new DashboardWiring.Settings(bind, port, scanProfiles.isEmpty() ? List.of("ai-host") : List.copyOf(scanProfiles),
          every, tls, store);
    } catch (Exception e) {
      System.err.println("ai-audit up: " + dev.aiaudit.model.text.SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return 2;
    }
    // one scanner per process: the dashboard's (start, --scan-every, on demand) journals the changed verdicts
    return watch.runAgent(c -> c.withScan(new dev.aiaudit.cli.config.ScanConfig(Duration.ZERO, c.scan().profiles())),
        agent -> DashboardWiring.start(agent, s, QueryCommand::classUid, System.out));
  }
}
