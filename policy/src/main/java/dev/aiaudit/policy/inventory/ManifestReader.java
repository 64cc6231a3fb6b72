package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.InputFiles;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests: files or directories (recursive) of {@code .yaml}/{@code .yml}/{@code .json},
 * each possibly holding several documents separated by {@code ---}. Every document is parsed on its own, so
 * a malformed one is reported with its file, line and column and the others are still read.
 */
public final class ManifestReader {

  private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");
  private static final Pattern END = Pattern.compile("^\\.\\.\\.\\s*$");

  /** The documents read and the issues met. */
  public record Result(List<ManifestDocument> documents, List<Diagnostic> issues) {}

  private ManifestReader() {}

  /** Reads every manifest under each path (files are read whatever their extension). */
  public static Result read(List<Path> paths) {
    List<ManifestDocument> docs = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    for (Path path : paths) {
      List<Path> files;
      try {
        files = Files.isDirectory(path) ? walk(path, ManifestReader::isManifestName, issues) : List.of(path);
      } catch (IOException e) {
        issues.add(Diagnostic.error("IO", path.toString(), 1, 1, "cannot read directory: " + e.getMessage()));
        continue;
      }
      for (Path file : files) {
        readFile(file, docs, issues);
      }
    }
    return new Result(List.copyOf(docs), List.copyOf(issues));
  }

  /**
   * Limit on one document: above the API server's 1.5 MiB per object, and low enough that the YAML
   * parser, slower than linear on a long scalar, stays well under a second.
   */
  public static final int MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;

  /**
   * Limit on one line: half the API server's 256 KiB limit on all of an object's annotations together. The
   * YAML parser takes time that grows faster than the length of one scalar, so a 20 MB annotation would
   * take minutes; it is refused at once instead.
   */
  public static final int MAX_LINE_CHARS = 128 * 1024;

  /** Limit on one manifest file. */
  public static final long MAX_FILE_BYTES = InputFiles.DEFAULT_MAX_BYTES;

  /**
   * The regular files under {@code dir} whose names pass {@code names}, sorted; a special file (FIFO,
   * device, socket, or a link to one) is skipped with a {@code SKIPPED} warning in {@code issues}.
   */
  static List<Path> walk(Path dir, java.util.function.Predicate<Path> names, List<Diagnostic> issues)
      throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(names).sorted().toList()) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        } else if (!Files.isDirectory(p)) {
          issues.add(Diagnostic.warning("SKIPPED", p.toString(), 1, 1, "not a regular file, skipped"));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  /** The manifest files under {@code path}, sorted, or the path itself when it is a file. */
  public static List<Path> manifestFiles(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile).filter(ManifestReader::isManifestName).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isManifestName(Path p) {
    String n = p.getFileName().toString();
    return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  static void readFile(Path file, List<ManifestDocument> docs, List<Diagnostic> issues) {
    String name = file.toString();
    List<String> lines;
    try {
      lines = InputFiles.readString(file, MAX_FILE_BYTES).lines().toList();
    } catch (InputFiles.InputFileException e) {
      issues.add(Diagnostic.error("IO", name, 1, 1, "cannot read file: " + e.problem()));
      return;
    }
    int start = 0;
    for (int i = 0; i <= lines.size(); i++) {
      boolean boundary = i == lines.size() || SEPARATOR.matcher(lines.get(i)).matches()
          || END.matcher(lines.get(i)).matches();
      if (boundary) {
        parseChunk(name, lines.subList(start, i), start, docs, issues);
        start = i + 1;
      }
    }
  }

  private static void parseChunk(String file, List<String> chunk, int offset,
      List<ManifestDocument> docs, List<Diagnostic> issues) {
    int first = 0;
    while (first < chunk.size() && isBlankOrComment(chunk.get(first))) {
      first++;
    }
    if (first == chunk.size()) {
      return;
    }
    long chars = chunk.size();
    for (int i = 0; i < chunk.size(); i++) {
      String l = chunk.get(i);
      if (l.length() > MAX_LINE_CHARS) {
        issues.add(Diagnostic.error("TOO_LARGE", file, offset + i + 1, MAX_LINE_CHARS + 1, "line has "
            + l.length() + " characters (limit " + MAX_LINE_CHARS + "); document skipped").withSource(l));
        return;
      }
      chars += l.length();
    }
    if (chars > MAX_DOCUMENT_CHARS) {
      issues.add(Diagnostic.error("TOO_LARGE", file, offset + first + 1, 1, "document has " + chars
          + " characters (limit " + MAX_DOCUMENT_CHARS + "; the API server keeps at most 1.5 MiB per object)"));
      return;
    }
    try {
      JsonNode node = Json.YAML.readTree(String.join("\n", chunk));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        issues.add(Diagnostic.error("NOT_AN_OBJECT", file, offset + first + 1, 1,
            "document is a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + ", expected a Kubernetes object").withSource(chunk.get(first)));
        return;
      }
      docs.add(new ManifestDocument(file, offset + first + 1, node));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null || loc.getLineNr() < 1 ? first + 1 : loc.getLineNr();
      int col = loc == null || loc.getColumnNr() < 1 ? 1 : loc.getColumnNr();
      issues.add(Diagnostic.error("YAML_SYNTAX", file, offset + line, col,
          "malformed YAML document: " + e.getOriginalMessage().lines().findFirst().orElse(""))
          .withSource(line - 1 < chunk.size() ? chunk.get(line - 1) : null));
    }
  }

  private static boolean isBlankOrComment(String line) {
    String t = line.strip();
    return t.isEmpty() || t.startsWith("#");
  }
}
