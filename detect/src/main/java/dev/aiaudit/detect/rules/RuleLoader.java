package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

import dev.aiaudit.detect.rules.RuleDefs.FileDefs;
import dev.aiaudit.model.text.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads rule files: the built-in pack (resources under {@code rules/}, listed in
 * {@code rules/index.txt}) and any files or directories given ({@code *.yaml}, {@code *.yml},
 * sorted by name). All of them share one namespace of lists, macros and rule ids.
 */
public final class RuleLoader {
  /** Largest rule file read. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private RuleLoader() {}

  /** The built-in pack alone. */
  public static LoadResult builtin() {
    return load(true, List.of());
  }

  /**
   * Loads the built-in pack (when {@code withBuiltin}) and the given files and directories.
   * Nothing is compiled unless every file reads and checks.
   */
  public static LoadResult load(boolean withBuiltin, List<Path> paths) {
    List<Diagnostic> issues = new ArrayList<>();
    List<FileDefs> defs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (withBuiltin) {
      for (String r : builtinResources()) {
        String name = "builtin:rules/" + r;
        names.add(name);
        defs.add(RuleReader.read(name, resource(r), issues));
      }
    }
    for (Path f : expand(paths, issues)) {
      names.add(f.toString());
      try {
        defs.add(RuleReader.read(f.toString(), InputFiles.readString(f, MAX_FILE_BYTES), issues));
      } catch (InputFiles.InputFileException e) {
        issues.add(RuleCode.READ_FILE.at(f.toString(), 0, 0, e.getMessage(), null));
      }
    }
    RuleSet set = new RuleCompiler(issues).compile(defs); // also checks what read well when some files did not
    return new LoadResult(issues.isEmpty() ? set : null, issues, names);
  }

  /** Reads files without compiling (for {@code rules test}: examples need the definitions). */
  static List<FileDefs> read(boolean withBuiltin, List<Path> paths, List<Diagnostic> issues) {
    List<FileDefs> defs = new ArrayList<>();
    if (withBuiltin) {
      for (String r : builtinResources()) {
        defs.add(RuleReader.read("builtin:rules/" + r, resource(r), issues));
      }
    }
    for (Path f : expand(paths, issues)) {
      try {
        defs.add(RuleReader.read(f.toString(), InputFiles.readString(f, MAX_FILE_BYTES), issues));
      } catch (InputFiles.InputFileException e) {
        issues.add(RuleCode.READ_FILE.at(f.toString(), 0, 0, e.getMessage(), null));
      }
    }
    return defs;
  }

  /** The rule files a path list stands for: files as given, directories' *.yaml/*.yml sorted. */
  public static List<Path> expand(List<Path> paths, List<Diagnostic> issues) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> {
            String n = f.getFileName().toString();
            return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(f);
          }).sorted().forEach(out::add);
        } catch (IOException e) {
          issues.add(RuleCode.READ_FILE.at(p.toString(), 0, 0,
              "cannot list rule directory: " + e.getMessage(), null));
        }
      } else if (Files.exists(p)) {
        out.add(p);
      } else {
        issues.add(RuleCode.READ_FILE.at(p.toString(), 0, 0, "rule file does not exist", null));
      }
    }
    return out;
  }

  static List<String> builtinResources() {
    return resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String resource(String name) {
    try (InputStream in = RuleLoader.class.getResourceAsStream("/rules/" + name)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule resource rules/" + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
