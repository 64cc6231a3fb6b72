package dev.aiaudit.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a fresh temp directory (as the {@code postgres}
 * user when running as root, since initdb refuses root), {@code pg_ctl start} on a free loopback port with the
 * unix socket inside that directory, trust authentication, fsync off. {@link #startOrSkip()} skips the test with a
 * printed reason when the server binaries are missing; {@link #restart()} stops and starts it on the same port.
 */
public final class Postgres implements AutoCloseable {
  private final Path bin;
  private final Path base;
  private final int port;
  private final boolean asPostgresUser;

  private Postgres(Path bin, Path base, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.base = base;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The server's bin directory ({@code /usr/lib/postgresql/<v>/bin}, newest first), or null. */
  public static Path findBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        Path found = s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
            .max(Comparator.comparing(p -> p.getParent().getFileName().toString())).orElse(null);
        if (found != null) {
          return found;
        }
      } catch (IOException e) {
        return null;
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl")) && Files.isExecutable(Path.of(dir, "initdb"))) {
        return Path.of(dir);
      }
    }
    return null;
  }

  /** Starts a cluster, or skips the calling test (printing why) when PostgreSQL is not installed or will not start. */
  public static Postgres startOrSkip() {
    Path bin = findBin();
    Privileges.assume(bin != null, "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql or PATH");
    try {
      return start(bin);
    } catch (IOException e) {
      Privileges.assume(false, "cannot start a throwaway PostgreSQL: " + e.getMessage());
      throw new IllegalStateException(e);
    }
  }

  public static Postgres start(Path bin) throws IOException {
    boolean root = Privileges.isRoot();
    Path base = Files.createTempDirectory("ai-audit-pg-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    if (root) {
      run(List.of("chown", "postgres:postgres", base.toString()), false);
    }
    Postgres pg = new Postgres(bin, base, freePort(), root);
    pg.run(List.of(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--no-sync", "--no-instructions"));
    pg.startServer();
    return pg;
  }

  private void startServer() throws IOException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l", base.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"));
  }

  /** Fast shutdown (clients are disconnected). */
  public void stop() throws IOException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "fast", "-w", "stop"));
  }

  /** Starts again after {@link #stop()}, on the same port. */
  public void startAgain() throws IOException {
    startServer();
  }

  public void restart() throws IOException {
    stop();
    startServer();
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}, the form {@code --store} takes. */
  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  private void run(List<String> cmd) throws IOException {
    run(cmd, asPostgresUser);
  }

  private static void run(List<String> cmd, boolean asPostgres) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(cmd);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish in 90 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (IOException e) {
      // already stopped
    }
    try (Stream<Path> s = Files.walk(base)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files: best effort
    }
  }
}
