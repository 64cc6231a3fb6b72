package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The journal's high-water mark: a copy of its latest signed checkpoint (128 bytes, {@link
 * CheckpointEntry}) kept <em>outside</em> the journal directory, at {@code <journal dir>.hwm} (for the
 * agent {@code <data-dir>/journal.hwm}). Cutting records and checkpoints off the end of the journal does
 * not reach it by itself, so {@code verify} and {@link Journal#open} can tell a journal that went
 * backwards: "journal ends at seq N but the high-water mark says M". Rewritten atomically (temporary file,
 * fsync, rename, directory fsync) after every checkpoint.
 *
 * <p>What it cannot prove: someone who can write the data directory <em>and</em> holds the signing key can
 * rewrite the mark too. Only signed checkpoints shipped off the host (an exporter, a collector that
 * remembers each host's highest seq) detect that.
 */
public final class HighWaterMark {

  private HighWaterMark() {}

  /** {@code <journal dir>.hwm}, beside the journal directory. */
  public static Path fileFor(Path journalDir) {
    Path abs = journalDir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".hwm");
  }

  /**
   * What the mark file holds.
   *
   * @param entry the signed checkpoint, or null when the file is absent or unreadable
   * @param problem why it could not be read (null when absent or fine)
   */
  public record Mark(CheckpointEntry entry, String problem) {
    public boolean present() {
      return entry != null;
    }
  }

  /** Reads the mark (never more than 128 bytes; anything else is a problem, not an exception). */
  public static Mark read(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return new Mark(null, null);
    }
    if (!a.isRegularFile() || a.size() != CheckpointEntry.SIZE) {
      return new Mark(null, "high-water mark " + file + " is not a " + CheckpointEntry.SIZE + "-byte file"
          + (a.isRegularFile() ? " (" + a.size() + " bytes)" : ""));
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(CheckpointEntry.SIZE);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read all 128 bytes
      }
      b.flip();
      if (b.remaining() < CheckpointEntry.SIZE) {
        return new Mark(null, "high-water mark " + file + " is incomplete");
      }
      return new Mark(CheckpointEntry.decode(b), null);
    } catch (IOException e) {
      return new Mark(null, "cannot read high-water mark " + file + ": " + Journal.describe(e));
    } catch (CorruptRecordException e) {
      return new Mark(null, "high-water mark " + file + " is damaged: " + e.getMessage());
    }
  }

  /** Replaces the mark with {@code cp}, durably. */
  static void write(Path file, CheckpointEntry cp) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = cp.encode();
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    Segments.fsyncDir(file.getParent());
  }
}
