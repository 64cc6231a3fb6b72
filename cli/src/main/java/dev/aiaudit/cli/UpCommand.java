package dev.aiaudit.cli;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ConfigLoader;
import dev.aiaudit.cli.config.DashboardConfig;
import dev.aiaudit.cli.config.ScanConfig;
import dev.aiaudit.cli.wiring.DashboardWiring;
import dev.aiaudit.model.text.SafeText;
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

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "address the dashboard listens on (default: dashboard.bind, else " + DashboardServer.DEFAULT_BIND
          + ", loopback only)")
  String bind;

  @Option(names = "--port", paramLabel = "PORT",
      description = "dashboard port (default: dashboard.port, else " + DashboardServer.DEFAULT_PORT + "; 0 picks a free one)")
  Integer port;

  @Option(names = "--scan-profile", paramLabel = "PROFILE",
      description = "scan profile run at start and on schedule (repeatable; default: scan.profiles, else ai-host)")
  List<String> scanProfiles = new ArrayList<>();

  @Option(names = "--scan-every", paramLabel = "DURATION",
      description = "how often the host is scanned (default: scan.every, else 1h; 0 = at start and on demand only)")
  String scanEvery;

  @Option(names = "--store", paramLabel = "URL",
      description = {"the dashboard reads this fleet store (postgresql://user@host/db, filled by 'ai-audit serve') and",
          "shows every host; this host's agent and scans still journal locally (default: this agent's own index)"})
  String store;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "serve HTTPS with this certificate (with --tls-key; default: dashboard.tls_cert)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "private key of --tls-cert (default: dashboard.tls_key)")
  Path tlsKey;

  @Option(names = "--max-body", paramLabel = "SIZE",
      description = "largest request body accepted (default: dashboard.max_body, else 64KiB)")
  String maxBody;

  @Option(names = "--requests-per-minute", paramLabel = "N",
      description = "requests per minute per client before 429 (default: dashboard.requests_per_minute, else 600)")
  Integer requestsPerMinute;

  @Override
  public Integer call() {
    // the web server's start-up chatter (banner, connector, context) is not news on the console: warnings only
    for (String quiet : new String[] {"io.javalin", "org.eclipse.jetty"}) {
      if (System.getProperty("org.slf4j.simpleLogger.log." + quiet) == null) {
        System.setProperty("org.slf4j.simpleLogger.log." + quiet, "warn");
      }
    }
    java.util.concurrent.atomic.AtomicReference<DashboardWiring.Settings> settings = new java.util.concurrent.atomic.AtomicReference<>();
    // the file's dashboard:, scan: and policy_manifests keys, each overridden by its option; one scanner per process:
    // the dashboard's (start, schedule, on demand) journals the changed verdicts, so the agent's own schedule is off
    return watch.runAgent(c -> {
      settings.set(settings(c));
      return c.withScan(new ScanConfig(Duration.ZERO, c.scan().profiles()));
    }, agent -> DashboardWiring.start(agent, settings.get(), QueryCommand::classUid, System.out));
  }

  /** The settings of the dashboard: each option given wins over its key in the file. */
  DashboardWiring.Settings settings(AgentConfig c) {
    DashboardConfig d = c.dashboard();
    try {
      Duration every = scanEvery == null ? c.scan().every()
          : scanEvery.equals("0") ? Duration.ZERO : ConfigLoader.parseDuration(scanEvery);
      if (every.isNegative() || (!every.isZero() && every.compareTo(ScanConfig.MIN_EVERY) < 0)) {
        throw new IllegalArgumentException("--scan-every must be 0 or at least 1s, not " + scanEvery);
      }
      List<String> profiles = !scanProfiles.isEmpty() ? List.copyOf(scanProfiles) : c.scan().profiles();
      if (profiles.isEmpty()) {
        profiles = List.of("ai-host");
      }
      // the options' values go through the same checks as the file's keys
      DashboardConfig o = new DashboardConfig(bind != null ? bind : d.bind(), port != null ? port : d.port(),
          tlsCert != null || tlsKey != null ? tlsCert : d.tlsCert(), tlsCert != null || tlsKey != null ? tlsKey : d.tlsKey(),
          maxBody != null ? ConfigLoader.parseSize(maxBody) : d.maxBody(),
          requestsPerMinute != null ? requestsPerMinute : d.requestsPerMinute(), d.sessionLifetime());
      TlsMaterial tls;
      try {
        tls = o.tlsCert() == null ? null : TlsMaterial.fromPem(o.tlsCert(), o.tlsKey());
      } catch (Exception e) {
        throw new IllegalArgumentException("TLS: " + e.getMessage(), e);
      }
      return new DashboardWiring.Settings(o.bind(), o.port(), profiles, every, tls, store, (int) (long) o.maxBody(),
          o.requestsPerMinute(), o.sessionLifetime());
    } catch (IllegalArgumentException e) {
      String m = e.getMessage().replace("dashboard.max_body", "--max-body").replace("dashboard.port", "--port")
          .replace("dashboard.requests_per_minute", "--requests-per-minute").replace("dashboard.bind", "--bind");
      throw new IllegalArgumentException("up: " + SafeText.capped(m, 1000), e);
    }
  }
}
