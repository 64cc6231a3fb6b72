package dev.aiaudit.detect.anomaly;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector's state file: one header line ({@code # ai-audit <kind> v1 key=value ...}), then one
 * record per line, fields separated by tabs, each field escaped ({@code \\ \t \n \r}) so a path or a
 * command with any character stays one field. Written atomically (temporary file, then a rename).
 */
final class StateFile {
  private StateFile() {}

  /** Writes {@code header} and the rows (each an array of fields) to {@code dir/name}, atomically. */
  static void write(Path dir, String name, String header, Iterable<String[]> rows) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(header);
      w.write('\n');
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            w.write('\t');
          }
          w.write(escape(row[i]));
        }
        w.write('\n');
      }
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The rows of {@code dir/name} (fields unescaped), or {@code null} when the file does not exist.
   *
   * @throws IOException when the first line does not start with {@code headerPrefix} (a foreign file)
   */
  static Loaded read(Path dir, String name, String headerPrefix) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().startsWith(headerPrefix)) {
      throw new IOException(f + ": not a " + name + " state file (the first line must start with '" + headerPrefix + "')");
    }
    List<String[]> rows = new ArrayList<>(lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String[] p = lines.get(i).split("\t", -1);
      for (int k = 0; k < p.length; k++) {
        p[k] = unescape(p[k]);
      }
      rows.add(p);
    }
    return new Loaded(f, lines.getFirst(), rows);
  }

  /** A read state file: its path (for messages), header line and rows (row i is line i + 2). */
  record Loaded(Path file, String header, List<String[]> rows) {
    /** The value of {@code key=} in the header. */
    String header(String key) throws IOException {
      for (String part : header.split(" ")) {
        if (part.startsWith(key + "=")) {
          return part.substring(key.length() + 1);
        }
      }
      throw new IOException(file + ":1: header lacks " + key + "=");
    }

    long number(int row, int field) throws IOException {
      String[] r = rows.get(row);
      if (field >= r.length) {
        throw new IOException(file + ":" + (row + 2) + ": expected at least " + (field + 1) + " fields, found " + r.length);
      }
      try {
        return Long.parseLong(r[field]);
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + (row + 2) + ": field " + (field + 1) + " is not a number", e);
      }
    }
  }

  static String escape(String s) {
    if (s == null) {
      return "\\0";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String unescape(String s) {
    if (s.equals("\\0")) {
      return null;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
