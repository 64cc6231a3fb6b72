package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real {@code ai-audit watch} child process: issue 9 item 13 (SIGTERM and SIGINT stop it with exit 0 after a
 * clean drain and final checkpoint) and item 8 (query while it runs sees new records, and says how old its
 * snapshot is).
 */
class WatchProcessTest {
  @TempDir Path tmp;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Path start(Path root, Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = tmp.resolve("watch.log");
    agent = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "watch", "--root", root.toString(), "--data-dir", data.toString(), "--no-gpu-devices"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 600 && !Files.readString(log).contains("ai-audit: running"); i++) {
      assertThat(agent.isAlive()).as("watch exited early: %s", Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    assertThat(Files.readString(log)).contains("ai-audit: running");
    return log;
  }

  private int signalAndWait(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(agent.pid())).start();
    assertThat(kill.waitFor()).isZero();
    assertThat(agent.waitFor(120, TimeUnit.SECONDS)).as("watch did not stop on SIG" + signal).isTrue();
    return agent.exitValue();
  }

  @Test
  void sigterm_exitsZeroAfterCleanDrainAndFinalCheckpoint() throws Exception {
    stopsCleanlyOn("TERM");
  }

  @Test
  void sigint_exitsZeroAfterCleanDrainAndFinalCheckpoint() throws Exception {
    stopsCleanlyOn("INT");
  }

  private void stopsCleanlyOn(String signal) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = tmp.resolve("data");
    Path log = start(root, data);
    Files.write(root.resolve("w.safetensors"), new byte[4096]);
    int code = signalAndWait(signal);
    String out = Files.readString(log);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("ai-audit: stopping; draining the queue into the journal")
        .contains("final checkpoint written");
    VerifyResult v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.highWaterMark()).isEqualTo(v.lastSeq()).isPositive();
  }

  @Test
  void query_whileTheAgentRuns_seesNewRecordsAndSaysTheSnapshotAge() throws Exception {
    Privileges.assumeCapSysAdmin("fanotify sees the file accesses the query looks for");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = tmp.resolve("data");
    start(root, data);
    Path weights = root.resolve("fresh.safetensors");
    Files.write(weights, new byte[8192]);
    Files.readAllBytes(weights);

    String out = "";
    String err = "";
    for (int i = 0; i < 60 && !out.contains(weights.toString()); i++) {
      Thread.sleep(1_000);
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true))
          .execute("query", "--data-dir", data.toString(), "--path", weights.toString(), "--format", "csv");
      assertThat(code).as(e.toString()).isZero();
      out = o.toString();
      err = e.toString();
    }
    assertThat(out).as("query never saw the access within 60 tries").contains(weights.toString());
    assertThat(err).containsPattern("ai-audit query: snapshot of \\d\\d:\\d\\d:\\d\\d UTC, \\d+ s old, up to seq \\d+"
        + " \\(index checkpoint of \\d\\d:\\d\\d:\\d\\d UTC \\+ \\d+ journal records\\)");
    assertThat(err).doesNotContain("serve");
    assertThat(signalAndWait("TERM")).isZero();
  }

  @Test
  void fullDisk_oneLinePerStateChange_stopNotCleanExitsOne() throws Exception {
    Privileges.assumeCapSysAdmin("a 1 MiB tmpfs for the data directory, and fanotify events to journal");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    Privileges.assume(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data.toString()), "mount of a tmpfs failed");
    try {
      Path log = start(root, data);
      // the start-time warm-up writes a throwaway journal: on a 1 MiB disk it is skipped, with the reason, not hung on
      assertThat(Files.readString(log)).contains("ai-audit: warm-up skipped: the throwaway journal needs about");
      Path filler = data.resolve("filler");
      byte[] block = new byte[4096];
      try (var o = Files.newOutputStream(filler)) {
        while (true) {
          o.write(block);
        }
      } catch (IOException e) {
        assertThat(e.getMessage()).contains("No space left");
      }
      for (int i = 0; i < 300 && !Files.readString(log).contains("downstream failing"); i++) {
        Files.write(root.resolve("f" + i + ".safetensors"), new byte[16]); // events the journal cannot take
        Thread.sleep(100);
      }
      String failing = Files.readString(log);
      assertThat(failing).contains("downstream failing").contains("No space left on device");
      for (int i = 0; i < 30; i++) { // keep failing for a few more seconds: still one line
        Files.write(root.resolve("g" + i + ".safetensors"), new byte[16]);
        Thread.sleep(100);
      }
      int code = signalAndWait("TERM");
      String out = Files.readString(log);
      assertThat(out.lines().filter(l -> l.contains("downstream failing")).count()).isEqualTo(1);
      assertThat(out.lines().filter(l -> l.startsWith("\tat ")).count()).as(out).isZero();
      assertThat(out.lines().filter(l -> l.contains("No space left")).count()).as(out).isLessThan(8);
      assertThat(code).as(out).isEqualTo(1);
      assertThat(out).contains("ai-audit: stopped, not cleanly: ").contains("events could not be journaled");
    } finally {
      if (agent != null && agent.isAlive()) {
        agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      run("umount", data.toString());
    }
  }

  private static boolean run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
