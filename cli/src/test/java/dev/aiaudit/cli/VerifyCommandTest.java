package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.testing.Events;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {

  @TempDir Path data;
  Path journal;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void write() {
    journal = data.resolve("journal");
    try (Journal j = Journal.open(journal, JournalOptions.defaults())) {
      List<Event> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(Events.sample(i, 1_767_225_600_000_000_000L + i));
      }
      j.append(batch);
    }
  }

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void verify_intactJournalViaDataDir_exitsZeroWithSummary() {
    int rc = run("verify", "--data-dir", data.toString());
    assertThat(rc).isZero();
    assertThat(out.toString())
        .contains("journal " + journal + ": OK")
        .contains("records:     20")
        .contains("segments:    1")
        .contains("checkpoints: 1")
        .contains("last seq:    20")
        .containsPattern("last hash:   [0-9a-f]{64}");
  }

  @Test
  void verify_flippedByte_exitsOneNamingRecord() throws Exception {
    Path seg = journal.resolve("segment-00000000000000000001.log");
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(64 + 28 + 10); // first record's payload
      f.write('X');
    }
    int rc = run("verify", "--journal", journal.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(out.toString()).contains("BROKEN at seq 1").contains("problem:     altered: record 1 in segment-00000000000000000001.log");
  }

  @Test
  void verify_json_printsOneObject() {
    int rc = run("verify", "--journal", journal.toString(), "--json",
        "--public-key", journal.resolve("keys/journal-ed25519.key.pub").toString());
    assertThat(rc).isZero();
    assertThat(out.toString().strip()).startsWith("{\"journal\":").contains("\"ok\":true").contains("\"records\":20")
        .contains("\"first_bad_seq\":-1");
  }

  @Test
  void verify_missingJournal_exitsTwo() {
    int rc = run("verify", "--journal", data.resolve("nope").toString());
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("journal directory " + data.resolve("nope") + " does not exist");
  }

  @Test
  void verify_unreadablePublicKey_exitsTwo() throws Exception {
    Path bogus = Files.writeString(data.resolve("bogus.pub"), "nonsense");
    int rc = run("verify", "--journal", journal.toString(), "--public-key", bogus.toString());
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read public key " + bogus);
  }

  @Test
  void verify_tailCutWithItsCheckpoint_exitsOneNamingTheHighWaterMark() throws Exception {
    Path segment;
    try (var files = java.nio.file.Files.list(journal)) {
      segment = files.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
    }
    // records 1..20 were one batch: cut back to the segment header, and drop the only checkpoint with them
    try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(64);
    }
    try (var ch = java.nio.channels.FileChannel.open(journal.resolve("checkpoints.log"), java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    int rc = run("verify", "--data-dir", data.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(out.toString()).contains("BROKEN at seq 1")
        .contains("journal ends at seq 0 but the high-water mark " + data.resolve("journal.hwm") + " says 20: records 1..20 are missing");
  }

  @Test
  void verify_ok_saysWhatItCannotProveAlone() {
    assertThat(run("verify", "--data-dir", data.toString())).isZero();
    assertThat(out.toString()).contains("high-water:  seq 20").contains("cannot prove alone:");
  }
}
