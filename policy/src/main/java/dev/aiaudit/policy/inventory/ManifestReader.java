package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.InputFiles;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
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
 * each possibly holding several documents separated by {@code ---}, read as one YAML stream
 * ({@code YAMLMapper.readValues}). A malformed document is reported with its file, line and column and reading
 * resumes at the next document start, so the others are still read.
 */
public final class ManifestReader {

  private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");

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
    // A line too long for the YAML parser's time bounds is refused before it sees it: the documents before that
    // line's document are read, that document is skipped, reading resumes at the next document start.
    int from = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.length() > MAX_LINE_CHARS) {
        readDocuments(name, lines, from, documentStart(lines, from, i), docs, issues);
        issues.add(Diagnostic.error("TOO_LARGE", name, i + 1, MAX_LINE_CHARS + 1, "line has " + l.length()
            + " characters (limit " + MAX_LINE_CHARS + "); document skipped").withSource(l));
        from = nextDocument(lines, i);
        i = from - 1;
      }
    }
    readDocuments(name, lines, from, lines.size(), docs, issues);
  }

  /**
   * Reads the YAML stream of lines {@code [from, to)} with {@code YAMLMapper.readValues}, one document after the
   * other. A syntax error is reported at its line and column; reading resumes at the next document start after it.
   */
  private static void readDocuments(String file, List<String> lines, int from, int to,
      List<ManifestDocument> docs, List<Diagnostic> issues) {
    while (from < to) {
      String text = String.join("\n", lines.subList(from, to));
      int resume = to;
      try (MappingIterator<JsonNode> it = Json.YAML.readerFor(JsonNode.class).readValues(text)) {
        while (it.hasNextValue()) {
          JsonLocation start = it.getParser().currentTokenLocation();
          JsonNode node = it.nextValue();
          long chars = it.getParser().currentLocation().getCharOffset() - start.getCharOffset();
          document(file, from + Math.max(1, start.getLineNr()), node, chars, lines, docs, issues);
        }
      } catch (IOException | RuntimeException e) {
        JsonLocation loc = e instanceof JsonProcessingException j ? j.getLocation() : null;
        int line = loc == null || loc.getLineNr() < 1 ? 1 : loc.getLineNr();
        int col = loc == null || loc.getColumnNr() < 1 ? 1 : loc.getColumnNr();
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
        issues.add(Diagnostic.error("YAML_SYNTAX", file, from + line, col,
            "malformed YAML document: " + msg.lines().findFirst().orElse("")).withSource(lines.get(Math.min(to, from + line) - 1)));
        resume = nextDocument(lines, from + line - 1);
      }
      from = resume;
    }
  }

  private static void document(String file, int line, JsonNode node, long chars, List<String> lines,
      List<ManifestDocument> docs, List<Diagnostic> issues) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (chars > MAX_DOCUMENT_CHARS) {
      issues.add(Diagnostic.error("TOO_LARGE", file, line, 1, "document has " + chars
          + " characters (limit " + MAX_DOCUMENT_CHARS + "; the API server keeps at most 1.5 MiB per object)"));
    } else if (!node.isObject()) {
      issues.add(Diagnostic.error("NOT_AN_OBJECT", file, line, 1,
          "document is a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", expected a Kubernetes object").withSource(lines.get(line - 1)));
    } else {
      docs.add(new ManifestDocument(file, line, node));
    }
  }

  /** The index of the document-start line ({@code ---}) of the document holding line {@code i}, or {@code from}. */
  private static int documentStart(List<String> lines, int from, int i) {
    for (int j = i; j > from; j--) {
      if (SEPARATOR.matcher(lines.get(j)).matches()) {
        return j;
      }
    }
    return from;
  }

  /** The index of the first document-start line after line {@code i}, or the line count. */
  private static int nextDocument(List<String> lines, int i) {
    for (int j = i + 1; j < lines.size(); j++) {
      if (SEPARATOR.matcher(lines.get(j)).matches()) {
        return j;
      }
    }
    return lines.size();
  }

}
