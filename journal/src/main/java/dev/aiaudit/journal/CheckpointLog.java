package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code checkpoints.log}; tells a torn last entry from a damaged one. */
final class CheckpointLog {

  private CheckpointLog() {}

  /**
   * The entries that check out.
   *
   * @param entries valid entries in file order
   * @param validBytes length of the valid prefix
   * @param fileSize the file's size (0 when absent)
   * @param tornProblem why the tail after {@code validBytes} is torn, or null
   * @param corruptIndex index of a damaged entry with more behind it, or -1
   * @param corruptProblem what is wrong with it, or null
   */
  record Loaded(List<CheckpointEntry> entries, long validBytes, long fileSize, String tornProblem,
      int corruptIndex, String corruptProblem) {}

  static Loaded read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Loaded(List.of(), 0, 0, null, -1, null);
    }
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all);
    int whole = all.length / CheckpointEntry.SIZE;
    boolean partial = all.length % CheckpointEntry.SIZE != 0;
    List<CheckpointEntry> out = new ArrayList<>(whole);
    for (int i = 0; i < whole; i++) {
      try {
        out.add(CheckpointEntry.decode(b.position(i * CheckpointEntry.SIZE)));
      } catch (CorruptRecordException e) {
        if (i == whole - 1 && !partial) {
          return new Loaded(out, (long) i * CheckpointEntry.SIZE, all.length,
              "last checkpoint entry #" + (i + 1) + " damaged: " + e.getMessage(), -1, null);
        }
        return new Loaded(out, (long) i * CheckpointEntry.SIZE, all.length, null, i,
            "checkpoint entry #" + (i + 1) + " damaged: " + e.getMessage());
      }
    }
    long valid = (long) whole * CheckpointEntry.SIZE;
    String torn = partial ? "incomplete checkpoint entry (" + (all.length - valid) + " bytes)" : null;
    return new Loaded(out, valid, all.length, torn, -1, null);
  }
}
