package dev.aiaudit.cli.wiring;

import dev.aiaudit.export.CheckpointSource;
import dev.aiaudit.export.SignedCheckpoint;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's {@code checkpoints.log} as exporters ship it: each call reads the whole 128-byte entries appended
 * since the last one (a torn last entry waits for its rest). A damaged entry is skipped and logged; the collector
 * would find the record it should have pinned unpinned, never a forged pin.
 */
final class JournalCheckpoints implements CheckpointSource {
  private static final Logger LOG = LoggerFactory.getLogger(JournalCheckpoints.class);

  private final Journal journal;
  private final Path file;
  private long offset;

  JournalCheckpoints(Journal journal) {
    this.journal = journal;
    this.file = journal.directory().resolve("checkpoints.log");
  }

  @Override
  public synchronized List<SignedCheckpoint> next() {
    List<SignedCheckpoint> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long whole = (ch.size() - offset) / CheckpointEntry.SIZE;
      if (whole <= 0) {
        return out;
      }
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(whole, 1 << 16) * CheckpointEntry.SIZE);
      while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
        // fill
      }
      byte[] key = journal.publicKey().getEncoded();
      for (int at = 0; at + CheckpointEntry.SIZE <= b.position(); at += CheckpointEntry.SIZE) {
        byte[] raw = new byte[CheckpointEntry.SIZE];
        b.get(at, raw);
        try {
          CheckpointEntry e = CheckpointEntry.decode(ByteBuffer.wrap(raw));
          out.add(new SignedCheckpoint(e.seq(), raw, key));
        } catch (CorruptRecordException e) {
          LOG.warn("checkpoint entry at byte {} of {} is damaged and is not shipped: {}", offset + at, file, e.getMessage());
        }
      }
      offset += (long) (b.position() / CheckpointEntry.SIZE) * CheckpointEntry.SIZE;
      return out;
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
