package dev.aiaudit.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File names inside a journal directory and directory-level helpers. */
final class Segments {

  static final String CHECKPOINTS = "checkpoints.log";
  static final String LOCK = "journal.lock";
  private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");

  private Segments() {}

  /** One segment file and the first seq its name announces. */
  record Segment(long firstSeq, Path path) {}

  static String name(long firstSeq) {
    return "segment-%020d.log".formatted(firstSeq);
  }

  /** The segment files of {@code dir}, by first seq. */
  static List<Segment> list(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "segment-*.log")) {
      for (Path p : ds) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) {
          out.add(new Segment(Long.parseLong(m.group(1)), p));
        }
      }
    }
    out.sort(Comparator.comparingLong(Segment::firstSeq));
    return out;
  }

  /** Makes a directory's entries (a created or renamed file) durable. */
  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Creates the journal directory; refuses a file in its place or a directory that cannot be written. */
  static void prepareDirectory(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new JournalException("journal directory " + dir + " is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JournalException("cannot create journal directory " + dir + ": " + Journal.describe(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new JournalException("journal directory " + dir
          + " is not writable (read-only file system or missing permission)");
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // closing after a failure: nothing more to report
    }
  }
}
