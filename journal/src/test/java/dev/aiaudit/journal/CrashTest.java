package dev.aiaudit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.RecordedEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writer process with SIGKILL mid-stream, several times, and checks nothing acknowledged is lost. */
class CrashTest {

  private static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void kill9_midStream_everyAcknowledgedRecordSurvivesAndVerifies() throws Exception {
    Random rnd = new Random(42);
    long totalTrimmed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      AtomicLong lastAck = new AtomicLong(-1);
      AtomicLong acks = new AtomicLong();
      Process p = startWriter(round);
      Thread reader = Thread.ofPlatform().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.startsWith("ACK ")) {
              lastAck.set(Long.parseLong(line.substring(4)));
              acks.incrementAndGet();
            }
          }
        } catch (java.io.IOException e) {
          // the child died: expected
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int wantAcks = 5 + rnd.nextInt(40);
      while (System.nanoTime() < deadline && p.isAlive() && acks.get() < wantAcks) {
        Thread.sleep(1);
      }
      Thread.sleep(rnd.nextInt(20));
      assertThat(p.isAlive()).as(() -> "writer alive; stderr: " + readQuietly(dir.resolveSibling("writer-" + dir.getFileName() + ".err"))).isTrue();
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      reader.join(10_000);
      long acked = lastAck.get();
      assertThat(acked).as("writer acknowledged something in round " + round).isPositive();

      try (Journal j = Journal.open(dir, JournalOptions.defaults().withSegmentBytes(256 * 1024))) {
        RecoveryReport r = j.recovery();
        totalTrimmed += r.trimmedBytes();
        System.out.printf("crash round %d: acked %d, reopened at %d, recovery: %s%n", round, acked, j.lastSeq(), r);
        assertThat(j.lastSeq()).isGreaterThanOrEqualTo(acked);
        j.abandon(); // keep the state as the crash left it for verify, no closing checkpoint
      }
      VerifyResult v = JournalVerifier.verify(dir, null);
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.lastSeq()).isGreaterThanOrEqualTo(acked);
      try (Stream<RecordedEvent> s = Journal.read(dir, Math.max(1, acked - 100))) {
        List<Long> seqs = s.map(RecordedEvent::seq).toList();
        assertThat(seqs.getFirst()).isEqualTo(Math.max(1, acked - 100));
        assertThat(seqs.getLast()).isGreaterThanOrEqualTo(acked);
      }
    }
    System.out.println("crash test: torn bytes trimmed over " + ROUNDS + " rounds: " + totalTrimmed);
  }

  private static String readQuietly(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      return "(none)";
    }
  }

  private Process startWriter(int round) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, CrashWriter.class.getName(),
        dir.toString(), Long.toString(256 * 1024), Integer.toString(round));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolveSibling("writer-" + dir.getFileName() + ".err").toFile()));
    return pb.start();
  }
}
