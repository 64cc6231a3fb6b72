package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ConfigException;
import dev.aiaudit.cli.config.ConfigLoader;
import dev.aiaudit.cli.config.DashboardConfig;
import dev.aiaudit.cli.wiring.DashboardWiring;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code dashboard:} keys of the configuration file and how {@code up} reads them (its options win). */
class UpConfigTest extends CapturedStdio {
  @TempDir Path dir;
  private Process up;

  @AfterEach
  void stop() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("ai-audit.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void defaults_loopback8480_noTls_64KiB_600PerMinute() throws Exception {
    DashboardConfig d = new ConfigLoader().load(write("data_dir: /tmp/x\n")).dashboard();
    assertThat(d).isEqualTo(DashboardConfig.defaults());
    assertThat(d.bind()).isEqualTo("127.0.0.1");
    assertThat(d.port()).isEqualTo(8480);
    assertThat(d.tlsCert()).isNull();
    assertThat(d.maxBody()).isEqualTo(65536L);
    assertThat(d.requestsPerMinute()).isEqualTo(600);
    assertThat(d.sessionLifetime()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void load_readsEveryKey() throws Exception {
    Path f = write("""
        dashboard:
          bind: 0.0.0.0
          port: 9443
          tls_cert: /etc/ai-audit/tls.crt
          tls_key: /etc/ai-audit/tls.key
          max_body: 1MiB
          requests_per_minute: 120
          session_lifetime: 30m
        """);
    DashboardConfig d = new ConfigLoader().load(f).dashboard();
    assertThat(d).isEqualTo(new DashboardConfig("0.0.0.0", 9443, Path.of("/etc/ai-audit/tls.crt"),
        Path.of("/etc/ai-audit/tls.key"), 1L << 20, 120, Duration.ofMinutes(30)));
  }

  @Test
  void load_badValues_areErrorsAtFileLineCol() throws Exception {
    String[][] cases = {
        {"dashboard:\n  port: 70000\n", ":2:", "dashboard.port must be 0..65535"},
        {"dashboard:\n  port: http\n", ":2:", "dashboard.port: expected a number"},
        {"dashboard:\n  bind: \"127.0.0.1; rm -rf /\"\n", ":2:", "dashboard.bind must be an IP address or host name"},
        {"dashboard:\n  tls_cert: /a.crt\n", ":2:", "dashboard.tls_cert needs dashboard.tls_key too"},
        {"dashboard:\n  max_body: 10\n", ":2:", "dashboard.max_body must be 1KiB..1GiB"},
        {"dashboard:\n  max_body: lots\n", ":2:", "'lots' is not a size"},
        {"dashboard:\n  requests_per_minute: 0\n", ":2:", "dashboard.requests_per_minute must be at least 1"},
        {"dashboard:\n  session_lifetime: 5s\n", ":2:", "dashboard.session_lifetime must be at least 1m"},
        {"data_dir: d\ndashboard:\n  prot: 1\n", ":3:3", "unknown key 'prot' in 'dashboard' (known: bind, max_body, port,"},
        {"dashboard: [1, 2]\n", ":1:", "expected a mapping"},
    };
    for (String[] c : cases) {
      Path f = write(c[0]);
      assertThatThrownBy(() -> new ConfigLoader().load(f)).as(c[0]).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("ERROR: " + f + c[1]).hasMessageContaining(c[2]);
    }
  }

  @Test
  void upOptions_winOverTheFile_fileWinsOverDefaults() throws Exception {
    AgentConfig cfg = new ConfigLoader().load(write("""
        scan:
          every: 2h
          profiles: [kspp, pci-dss]
        dashboard:
          bind: 0.0.0.0
          port: 9000
          max_body: 128KiB
          requests_per_minute: 60
          session_lifetime: 1h
        """));
    UpCommand fileOnly = new UpCommand();
    new CommandLine(fileOnly).parseArgs();
    DashboardWiring.Settings s = fileOnly.settings(cfg);
    assertThat(s.bind()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.scanEvery()).isEqualTo(Duration.ofHours(2));
    assertThat(s.scanProfiles()).containsExactly("kspp", "pci-dss");
    assertThat(s.maxBodyBytes()).isEqualTo(128 * 1024);
    assertThat(s.requestsPerMinute()).isEqualTo(60);
    assertThat(s.sessionLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(s.tls()).isNull();

    UpCommand flags = new UpCommand();
    new CommandLine(flags).parseArgs("--bind", "127.0.0.1", "--port", "0", "--scan-every", "0", "--scan-profile", "ai-host",
        "--max-body", "2KiB", "--requests-per-minute", "5");
    DashboardWiring.Settings o = flags.settings(cfg);
    assertThat(o.bind()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isZero();
    assertThat(o.scanEvery()).isZero();
    assertThat(o.scanProfiles()).containsExactly("ai-host");
    assertThat(o.maxBodyBytes()).isEqualTo(2048);
    assertThat(o.requestsPerMinute()).isEqualTo(5);

    UpCommand bad = new UpCommand();
    new CommandLine(bad).parseArgs("--port", "65536");
    assertThatThrownBy(() -> bad.settings(cfg)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port must be 0..65535");
    UpCommand noKey = new UpCommand();
    new CommandLine(noKey).parseArgs("--tls-cert", dir.resolve("c.pem").toString());
    assertThatThrownBy(() -> noKey.settings(cfg)).hasMessageContaining("needs");
  }

  @Test
  void up_badDashboardKey_exit2WithFileLineCol_nothingStarted() throws Exception {
    Path data = dir.resolve("data");
    Path f = write("data_dir: " + data + "\ndashboard:\n  port: -1\n");
    int code = Main.run("up", "-c", f.toString(), "--root", Files.createDirectories(dir.resolve("m")).toString(), "--no-gpu-devices");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("ERROR: " + f + ":3:").contains("dashboard.port must be 0..65535");
    assertThat(data).doesNotExist();
    Path g = write("data_dir: " + data + "\ndashboard:\n  tls_cert: " + dir.resolve("none.crt") + "\n  tls_key: "
        + dir.resolve("none.key") + "\n");
    err.reset();
    assertThat(Main.run("up", "-c", g.toString(), "--no-gpu-devices")).isEqualTo(2);
    assertThat(err.toString()).contains("up: TLS:");
  }

  /** A real start of {@code up} on the port, scan schedule and policy directory of its file; then SIGTERM. */
  @Test
  void up_startsOnTheFilesPortAndPolicyDirs_stopsOnSigterm() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path models = Files.createDirectories(dir.resolve("models"));
    Path k8s = Files.createDirectories(dir.resolve("k8s"));
    Path f = write("data_dir: " + dir.resolve("data") + "\nwatch:\n  roots: [" + models + "]\n  gpu_devices: false\n"
        + "policy_manifests: [" + k8s + "]\nscan:\n  every: 0s\n  profiles: [ai-host]\n"
        + "dashboard:\n  bind: 127.0.0.1\n  port: " + port + "\n  requests_per_minute: 1000\n");
    Path log = dir.resolve("up.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    up = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "up", "-c", f.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 900 && !Files.readString(log).contains("ai-audit: running"); i++) {
      assertThat(up.isAlive()).as("up exited early: %s", Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    String out = Files.readString(log);
    assertThat(out).contains("ai-audit: dashboard on http://127.0.0.1:" + port, "ai-audit: running");
    assertThat(out).contains(k8s.toString()); // policy watch over the file's manifest directory
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(up.pid())).start().waitFor()).isZero();
    assertThat(up.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(up.exitValue()).as(Files.readString(log)).isZero();
  }
}
