package dev.aiaudit.detect.sigma;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.model.text.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code ai-audit rules import-sigma}: Sigma rules (linux {@code file_event}, {@code file_access},
 * {@code process_creation}) to one ai-audit rule file. Every document is either converted or
 * reported with its reason; converted conditions are compiled with CEL before they are kept (a
 * conversion that does not type-check is reported too). Nothing is skipped silently.
 */
public final class SigmaImporter {
  private static final Map<String, String> CLASS_BY_CATEGORY = Map.of(
      "file_event", "class == \"file\" && activity in [\"open\", \"modify\"]",
      "file_access", "class == \"file\" && activity in [\"open\", \"read\"]",
      "process_creation", "class == \"process\"");

  private SigmaImporter() {}

  /** A rule that was not converted. */
  public record Skipped(String file, String title, String reason, String category) {}

  /** One converted rule: its id and its YAML text (a list item under {@code rules:}). */
  public record Converted(String file, String id, String yaml) {}

  /** The outcome. */
  public record Result(List<Converted> converted, List<Skipped> skipped) {
    /** The rule file text. */
    public String ruleFile() {
      StringBuilder b = new StringBuilder("# converted by ai-audit rules import-sigma\nrules:\n");
      converted.forEach(c -> b.append(c.yaml()));
      return b.toString();
    }

    /** {@code converted N, skipped M (reason: n, ...)}. */
    public String summary() {
      Map<String, Integer> by = new TreeMap<>();
      skipped.forEach(s -> by.merge(s.category(), 1, Integer::sum));
      StringBuilder b = new StringBuilder("sigma import: converted " + converted.size() + ", skipped " + skipped.size());
      if (!by.isEmpty()) {
        b.append(" (");
        by.forEach((k, v) -> b.append(k).append(": ").append(v).append("; "));
        b.setLength(b.length() - 2);
        b.append(')');
      }
      return b.toString();
    }
  }

  /** Converts every {@code *.yml}/{@code *.yaml} under the paths (files as given). */
  public static Result importPaths(List<Path> paths) throws IOException {
    List<Converted> conv = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path p : paths) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")))
              .sorted().forEach(files::add);
        }
      } else if (Files.exists(p)) {
        files.add(p);
      } else {
        throw new IOException(p + ": no such file or directory");
      }
      for (Path f : files) {
        String text;
        try {
          text = InputFiles.readString(f, RuleLoader.MAX_FILE_BYTES);
        } catch (InputFiles.InputFileException e) {
          skipped.add(new Skipped(f.toString(), "?", e.getMessage(), "unreadable file"));
          continue;
        }
        convertText(f.toString(), text, conv, skipped);
      }
    }
    return validate(conv, skipped);
  }

  /** Converts the documents of one text (for tests and single files). */
  public static Result convert(String file, String text) {
    List<Converted> conv = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    convertText(file, text, conv, skipped);
    return validate(conv, skipped);
  }

  private static void convertText(String file, String text, List<Converted> conv, List<Skipped> skipped) {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(20);
    o.setAllowDuplicateKeys(false);
    try {
      for (Object doc : new Yaml(new SafeConstructor(o)).loadAll(text)) {
        if (doc == null) {
          continue;
        }
        String title = doc instanceof Map<?, ?> m && m.get("title") != null ? String.valueOf(m.get("title")) : "?";
        try {
          conv.add(one(file, doc, conv.size()));
        } catch (SigmaException e) {
          skipped.add(new Skipped(file, title, e.getMessage(), e.category()));
        }
      }
    } catch (YAMLException e) {
      skipped.add(new Skipped(file, "?", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), "not valid YAML"));
    }
  }

  private static Converted one(String file, Object doc, int n) {
    if (!(doc instanceof Map<?, ?> m)) {
      throw new SigmaException("not a Sigma rule (a mapping with title, logsource and detection)");
    }
    if (m.containsKey("action")) {
      throw new SigmaException("rule collection action document is not supported");
    }
    String title = str(m.get("title"));
    if (title == null) {
      throw new SigmaException("no title");
    }
    if (!(m.get("logsource") instanceof Map<?, ?> ls)) {
      throw new SigmaException("no logsource");
    }
    String product = str(ls.get("product"));
    String category = str(ls.get("category"));
    if (!"linux".equals(product)) {
      throw new SigmaException("unsupported logsource product '" + product + "' (linux only)");
    }
    String base = CLASS_BY_CATEGORY.get(category);
    if (base == null) {
      throw new SigmaException("unsupported logsource category '" + category + "' (file_event, file_access, process_creation)");
    }
    if (!(m.get("detection") instanceof Map<?, ?> det)) {
      throw new SigmaException("no detection");
    }
    Object cond = det.get("condition");
    Map<String, String> searches = new LinkedHashMap<>();
    for (var e : det.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (!k.equals("condition") && !k.equals("timeframe")) {
        searches.put(k, SigmaSelection.toCel(k, e.getValue()));
      }
    }
    if (det.containsKey("timeframe")) {
      throw new SigmaException("timeframe (correlation) is not supported");
    }
    String celCond;
    if (cond instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object c : l) {
        parts.add(SigmaCondition.toCel(String.valueOf(c), searches));
      }
      celCond = "(" + String.join(" || ", parts) + ")";
    } else if (cond != null) {
      celCond = SigmaCondition.toCel(String.valueOf(cond), searches);
    } else {
      throw new SigmaException("no condition");
    }
    String sid = str(m.get("id"));
    String id = "sigma-" + slug(sid != null ? sid : title + "-" + n);
    List<String> tags = new ArrayList<>();
    if (m.get("tags") instanceof List<?> tl) {
      for (Object t : tl) {
        String s = String.valueOf(t);
        tags.add(s.matches("attack\\.t\\d{4}(\\.\\d{3})?") ? s.substring(7).toUpperCase(Locale.ROOT) : s);
      }
    }
    String level = str(m.get("level"));
    String severity = switch (level == null ? "medium" : level) {
      case "informational" -> "info";
      case "low", "medium", "high", "critical" -> level;
      default -> throw new SigmaException("unknown level '" + level + "'");
    };
    StringBuilder y = new StringBuilder();
    y.append("  - id: ").append(json(id)).append('\n');
    y.append("    title: ").append(json(title)).append('\n');
    y.append("    description: ").append(json((str(m.get("description")) == null ? "" : str(m.get("description")))
        + " (Sigma " + (sid == null ? "rule" : sid) + ", " + file + ")")).append('\n');
    y.append("    severity: ").append(severity).append('\n');
    y.append("    condition: ").append(json(base + " && " + celCond)).append('\n');
    y.append("    tags: [").append(String.join(", ", tags.stream().map(SigmaImporter::json).toList())).append("]\n");
    return new Converted(file, id, y.toString());
  }

  /** Compiles the converted rules together; a rule CEL rejects moves to the skipped list with the CEL error. */
  private static Result validate(List<Converted> conv, List<Skipped> skipped) {
    List<Converted> kept = new ArrayList<>(conv);
    for (int round = 0; round < 3 && !kept.isEmpty(); round++) {
      Path tmp = null;
      try {
        tmp = Files.createTempFile("ai-audit-sigma", ".yaml");
        Files.writeString(tmp, new Result(kept, List.of()).ruleFile());
        LoadResult r = RuleLoader.load(false, List.of(tmp));
        if (r.ok()) {
          break;
        }
        for (Diagnostic d : r.errors()) {
          kept.removeIf(c -> {
            boolean bad = d.message().startsWith("rule " + c.id() + ":") || d.message().contains("rule id '" + c.id() + "'")
                || d.message().contains("rule '" + c.id() + "'");
            if (bad) {
              skipped.add(new Skipped(c.file(), c.id(), "converted condition does not compile: " + d.message(),
                  "does not compile"));
            }
            return bad;
          });
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // a temporary file left behind is harmless
          }
        }
      }
    }
    return new Result(List.copyOf(kept), List.copyOf(skipped));
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static String slug(String s) {
    String x = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
    return x.length() > 100 ? x.substring(0, 100) : x;
  }

  /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
  private static String json(String s) {
    return SigmaSelection.quote(s);
  }
}
