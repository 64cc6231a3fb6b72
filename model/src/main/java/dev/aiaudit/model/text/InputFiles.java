package dev.aiaudit.model.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads an input file the user named, with a size limit: a FIFO, a device (/dev/zero), a directory or
 * a file larger than the limit is refused with one line naming the path, before any large allocation.
 */
public final class InputFiles {

  /** Default limit for configuration, content and manifest files. */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  private InputFiles() {}

  /** The file's bytes; at most {@code maxBytes} are ever read. */
  public static byte[] readBytes(Path file, long maxBytes) throws InputFileException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new InputFileException(file, "no such file");
    } catch (IOException e) {
      throw new InputFileException(file, reason(e));
    }
    if (!attrs.isRegularFile()) {
      throw new InputFileException(file, "not a regular file (" + kind(file, attrs) + ")");
    }
    if (attrs.size() > maxBytes) {
      throw new InputFileException(file, "too large: " + attrs.size() + " bytes (limit " + maxBytes + ")");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        throw new InputFileException(file, "too large: over " + maxBytes + " bytes (limit " + maxBytes + ")");
      }
      return data;
    } catch (IOException e) {
      throw new InputFileException(file, reason(e));
    }
  }

  /** The file as UTF-8 text (malformed bytes become U+FFFD), at most {@code maxBytes}. */
  public static String readString(Path file, long maxBytes) throws InputFileException {
    return new String(readBytes(file, maxBytes), StandardCharsets.UTF_8);
  }

  private static String kind(Path file, BasicFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return "a directory";
    }
    try {
      Object mode = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int m = ((Integer) mode) & 0170000;
      return switch (m) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return "a special file";
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    String r = e.getClass().getSimpleName().replace("Exception", "");
    return m == null ? r : SafeText.capped(r + ": " + m, 300);
  }

  /** An input file that cannot be read; {@link #getMessage()} is one line: {@code <path>: <problem>}. */
  public static final class InputFileException extends Exception {
    private final transient Path file;
    private final String problem;

    public InputFileException(Path file, String problem) {
      super(SafeText.escape(file.toString()) + ": " + problem);
      this.file = file;
      this.problem = problem;
    }

    public Path file() {
      return file;
    }

    public String problem() {
      return problem;
    }
  }
}
