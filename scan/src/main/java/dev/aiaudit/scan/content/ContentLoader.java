package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.SourceTree;
import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.DiagnosticException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.scan.eval.Expr;
import dev.aiaudit.scan.eval.SysctlMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads content files: parse with positions, validate against the schema, merge each file's
 * {@code defaults} into its checks, check ids are unique and profiles name existing checks. All issues of all
 * files are collected before failing.
 */
public final class ContentLoader {
  static final String INDEX = "scan/content.yaml";
  /** System property that turns on JSON Schema validation of the bundled content at run time. */
  public static final String VALIDATE_PROPERTY = "aiaudit.scan.validateContent";
  private final boolean schemaValidation;
  private final List<Diagnostic> issues = new ArrayList<>();
  private final Map<String, CheckDef> checks = new LinkedHashMap<>();
  private final Map<String, ProfileDef> profiles = new LinkedHashMap<>();

  /**
   * A loader; with {@code schemaValidation} every file is checked against its JSON Schema before use
   * (always for user content; the bundled content is schema-checked by the build's tests and at run time
   * only when {@value #VALIDATE_PROPERTY} is {@code true}, because compiling the schemas dominates start-up).
   * Semantic checks (ids unique, profiles name existing checks, values well-formed) always run.
   */
  public ContentLoader(boolean schemaValidation) {
    this.schemaValidation = schemaValidation;
  }

  /** Loads the bundled content listed in {@code scan/content.yaml}. */
  public static Content loadBuiltin(boolean schemaValidation) {
    SourceTree index = load(INDEX);
    List<String> checkFiles = new ArrayList<>();
    index.root().path("checks").forEach(f -> checkFiles.add(f.asText()));
    List<SourceTree> docs = parseAll(checkFiles);
    ContentLoader loader = new ContentLoader(schemaValidation);
    docs.forEach(loader::addChecks);
    index.root().path("profiles").forEach(f -> loader.addProfile(load(f.asText())));
    return loader.finish();
  }

  /**
   * Reads and parses files on up to four threads (YAML parsing dominates loading; start-up is what a CLI
   * user waits for), keeping the given order.
   */
  static List<SourceTree> parseAll(List<String> files) {
    int threads = Math.max(1, Math.min(4, Math.min(files.size(), Runtime.getRuntime().availableProcessors())));
    SourceTree[] docs = new SourceTree[files.size()];
    RuntimeException[] failures = new RuntimeException[files.size()];
    List<Thread> workers = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      int first = t;
      workers.add(Thread.ofPlatform().daemon().start(() -> parseEvery(files, first, threads, docs, failures)));
    }
    parseEvery(files, 0, threads, docs, failures);
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading content", e);
      }
    }
    for (RuntimeException f : failures) {
      if (f != null) {
        throw f;
      }
    }
    return List.of(docs);
  }

  private static void parseEvery(List<String> files, int first, int step, SourceTree[] docs, RuntimeException[] failures) {
    for (int i = first; i < files.size(); i += step) {
      try {
        docs[i] = load(files.get(i));
      } catch (RuntimeException e) {
        failures[i] = e;
      }
    }
  }

  /** Adds one check file. */
  public ContentLoader addChecks(String name, String text) {
    return addChecks(parseYaml(name, text));
  }

  /** Adds one parsed check file. */
  public ContentLoader addChecks(SourceTree doc) {
    String name = doc.name();
    if (!schemaValid(doc, JsonSchemas.CHECKS)) {
      return this;
    }
    JsonNode defaults = doc.root().path("defaults");
    JsonNode list = doc.root().path("checks");
    ExprParser parser = new ExprParser(doc, issues);
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String ptr = "/checks/" + i;
      String id = c.get("id").asText();
      Expr test = parser.parse(c.get("test"), ptr + "/test");
      String kind = pick(c, defaults, "kind");
      if (kind == null) {
        issues.add(doc.error("MISSING_KIND", ptr, "check " + id + " has no kind (set it or defaults.kind)"));
        continue;
      }
      LinkedHashSet<String> tags = new LinkedHashSet<>();
      defaults.path("tags").forEach(t -> tags.add(t.asText()));
      c.path("tags").forEach(t -> tags.add(t.asText()));
      tags.add("kind:" + kind);
      String decision = pick(c, defaults, "decision");
      if (decision != null) {
        tags.add("decision:" + decision);
      }
      String group = pick(c, defaults, "group");
      if (group != null) {
        tags.add("group:" + group);
      }
      List<String> refs = new ArrayList<>();
      defaults.path("references").forEach(r -> refs.add(r.asText()));
      c.path("references").forEach(r -> refs.add(r.asText()));
      String title = pick(c, defaults, "title");
      String remediation = pick(c, defaults, "remediation");
      CheckDef def = new CheckDef(id, kind,
          title != null ? title : Texts.title(kind, test),
          pick(c, defaults, "rationale"),
          remediation != null ? remediation : Texts.remediation(kind, test),
          AlertSeverity.parse(pick(c, defaults, "severity")),
          List.copyOf(tags), refs, test, name);
      if (checks.putIfAbsent(id, def) != null) {
        issues.add(doc.error("DUPLICATE_ID", ptr + "/id", "check id " + id + " is already defined in "
            + checks.get(id).file()));
      }
    }
    return this;
  }

  /** Adds one profile file. */
  public ContentLoader addProfile(String name, String text) {
    return addProfile(parseYaml(name, text));
  }

  /** Adds one parsed profile file. */
  public ContentLoader addProfile(SourceTree doc) {
    String name = doc.name();
    if (!schemaValid(doc, JsonSchemas.PROFILE)) {
      return this;
    }
    JsonNode p = doc.root();
    Map<String, AlertSeverity> severity = new LinkedHashMap<>();
    p.path("severity").properties().forEach(e -> severity.put(e.getKey(), AlertSeverity.parse(e.getValue().asText())));
    ProfileDef def = new ProfileDef(p.get("id").asText(), p.get("title").asText(), p.get("framework").asText(),
        p.path("description").asText(""), SysctlMode.valueOf(p.path("sysctlMode").asText("runtime").toUpperCase(Locale.ROOT)),
        strings(p.path("include").path("tags")), strings(p.path("include").path("ids")),
        strings(p.path("exclude").path("ids")), severity, lists(p.path("controlsByTag")), lists(p.path("controls")), name);
    for (String key : new String[] {"include/ids", "exclude/ids"}) {
      JsonNode ids = p.at("/" + key);
      for (int i = 0; i < ids.size(); i++) {
        requireCheck(doc, "/" + key + "/" + i, ids.get(i).asText());
      }
    }
    p.path("controls").fieldNames().forEachRemaining(id -> requireCheck(doc, "/controls/" + id, id));
    p.path("severity").fieldNames().forEachRemaining(id -> requireCheck(doc, "/severity/" + id, id));
    if (profiles.putIfAbsent(def.id(), def) != null) {
      issues.add(doc.error("DUPLICATE_ID", "/id", "profile " + def.id() + " is already defined"));
    }
    return this;
  }

  /** The loaded content, or a {@link DiagnosticException} listing every issue. */
  public Content finish() {
    if (!issues.isEmpty()) {
      throw new DiagnosticException(issues);
    }
    return new Content(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks)),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles)));
  }

  private void requireCheck(SourceTree doc, String ptr, String id) {
    if (!checks.containsKey(id)) {
      issues.add(doc.error("UNKNOWN_CHECK", ptr, "no check with id " + id));
    }
  }

  private boolean schemaValid(SourceTree doc, String schema) {
    if (!schemaValidation) {
      return structurallyValid(doc, schema);
    }
    List<JsonSchemas.Violation> v = JsonSchemas.validate(schema, doc.root());
    v.forEach(x -> issues.add(doc.error("SCHEMA", x.pointer(), x.message())));
    return v.isEmpty();
  }

  /** Minimal shape check used without the schema, so a broken file still fails with a located issue. */
  private boolean structurallyValid(SourceTree doc, String schema) {
    JsonNode root = doc.root();
    String need = schema.equals(JsonSchemas.CHECKS) ? "checks" : "id";
    if (!root.isObject() || !root.has(need)) {
      issues.add(doc.error("SCHEMA", "", "missing required property '" + need + "'"));
      return false;
    }
    return true;
  }

  private static String pick(JsonNode check, JsonNode defaults, String key) {
    JsonNode v = check.hasNonNull(key) ? check.get(key) : defaults.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, List<String>> lists(JsonNode obj) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    obj.properties().forEach(e -> out.put(e.getKey(), strings(e.getValue())));
    return out;
  }

  /**
   * A bundled content file: its compiled JSON form ({@code scan/compiled/NAME.json}, written at build time by
   * {@link ContentCompiler}) when present, else the YAML itself.
   */
  static SourceTree load(String name) {
    String compiled = optionalResource(ContentCompiler.COMPILED_PREFIX + name + ".json");
    return compiled != null ? ContentLoader.parseCompiled(name, compiled) : parseYaml(name, resource(name));
  }

  /** The names of the bundled content files: the index first, then checks and profiles. */
  static List<String> bundledFiles() {
    SourceTree index = parseYaml(INDEX, resource(INDEX));
    List<String> out = new ArrayList<>(List.of(INDEX));
    index.root().path("checks").forEach(f -> out.add(f.asText()));
    index.root().path("profiles").forEach(f -> out.add(f.asText()));
    return out;
  }

  static String optionalResource(String name) {
    try (InputStream in = ContentLoader.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scan content as written: YAML, JSON Pointer positions, integers as longs and decimals as their text. */
  private static final SourceTree.Options YAML = SourceTree.Options.yaml("YAML").withExactNumbers();

  /** Parses scan content {@code text}; a syntax error is a {@link DiagnosticException} naming the position. */
  public static SourceTree parseYaml(String name, String text) {
    return SourceTree.parse(name, text, YAML);
  }

  /**
   * Parses the build-time compiled JSON form of bundled content (several times faster than YAML); it was validated
   * at build time, so no position index is kept. {@code name} is the source file named in errors.
   */
  static SourceTree parseCompiled(String name, String json) {
    return SourceTree.parse(name, json, YAML.json().withoutPositions());
  }

  static String resource(String name) {
    try (InputStream in = ContentLoader.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("content file not on class path: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
