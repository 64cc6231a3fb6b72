package dev.aiaudit.export.cursor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <data-dir>/export/<sink>.cursor}: one line {@code <seq> <hash>\n}, the last record the sink acknowledged.
 * Written atomically (temp file, fsync, rename, fsync of the directory), so after a crash the file holds either
 * the old or the new position, never a torn one; a lost update only re-sends records (at-least-once).
 */
public final class CursorFile {
  /** Hash of "nothing acknowledged yet": record 1 chains from 32 zero bytes. */
  public static final String ZERO_HASH = "0".repeat(64);
  private static final Pattern LINE = Pattern.compile("(\\d{1,19}) ([0-9a-f]{64})\\n?");
  private static final int MAX_BYTES = 256;

  private final Path file;
  private final Path tmp;

  /** A position: {@code seq} 0 with {@link #ZERO_HASH} before anything was acknowledged. */
  public record Position(long seq, String hash) {
    public static final Position START = new Position(0, ZERO_HASH);

    public Position {
      Objects.requireNonNull(hash, "hash");
      if (seq < 0) {
        throw new IllegalArgumentException("seq must be >= 0: " + seq);
      }
    }
  }

  public CursorFile(Path file) {
    this.file = file;
    this.tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
  }

  public Path file() {
    return file;
  }

  /**
   * The stored position; {@link Position#START} when there is none.
   *
   * @throws CursorException when the file exists but is not a cursor (the message names file and content)
   */
  public Position load() throws CursorException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CursorException(file + ": not a cursor file (larger than " + MAX_BYTES + " bytes)");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Position.START;
    } catch (IOException e) {
      throw new CursorException(file + ": cannot read: " + e, e);
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Matcher m = LINE.matcher(text);
    if (!m.matches()) {
      throw new CursorException(file + ": not a cursor file (expected '<seq> <64 hex digits>')");
    }
    return new Position(Long.parseLong(m.group(1)), m.group(2));
  }

  /** Replaces the stored position durably. */
  public void store(Position p) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] line = (p.seq() + " " + p.hash() + "\n").getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
