package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.SafeText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.policy.eval.CompileError;
import dev.aiaudit.policy.eval.CompiledPolicy;
import dev.aiaudit.policy.eval.PolicyCompiler;
import dev.aiaudit.policy.eval.RuleCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loaded, validated policy definitions and initiatives. Every file is checked against its JSON
 * Schema, every rule is compiled with its default parameters and every initiative is resolved, and
 * all problems are reported together ({@link PolicyLoadException}).
 */
public final class PolicyLibrary {
  private static final String BUILT_IN_INDEX = "/policies/index.json";
  private final Map<String, PolicyDefinition> definitions;
  private final Map<String, PolicySetDefinition> initiatives;
  private final Map<String, ContentFile> files;
  private final Options options;
  private final List<String> notes = new ArrayList<>();

  /**
   * Load options.
   *
   * @param lenientAliases a field naming an unknown alias loads with a note and evaluates to unknown
   *     (never compliant) instead of being a load error (POL013)
   */
  public record Options(boolean lenientAliases) {
    public static final Options DEFAULT = new Options(false);
  }

  private PolicyLibrary(Map<String, PolicyDefinition> defs, Map<String, PolicySetDefinition> sets,
      Map<String, ContentFile> files, Options options, List<String> walkNotes) {
    this.definitions = defs;
    this.initiatives = sets;
    this.files = files;
    this.options = options;
    this.notes.addAll(walkNotes);
  }

  /** The built-in definitions and initiatives (classpath {@code policies/}). */
  public static PolicyLibrary builtIn() throws PolicyLoadException {
    return load(List.of());
  }

  /** Built-ins plus every {@code .json}/{@code .yaml} file under {@code paths} (files or directories). */
  public static PolicyLibrary load(List<Path> paths) throws PolicyLoadException {
    return load(paths, Options.DEFAULT);
  }

  /** As {@link #load(List)}, with options. */
  public static PolicyLibrary load(List<Path> paths, Options options) throws PolicyLoadException {
    List<ContentFile> content = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    for (String res : builtInFiles()) {
      parse("classpath:" + res, readResource(res), content, issues);
    }
    List<String> notes = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.isDirectory(p)) {
        readInto(p, content, issues); // named explicitly: whatever it is, it must be a readable file
        continue;
      }
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.filter(PolicyLibrary::isContentName).sorted().toList()) {
          if (Files.isDirectory(f)) {
            continue;
          }
          if (!Files.isRegularFile(f)) {
            notes.add(SafeText.escape(f.toString()) + ": not a regular file, skipped");
            continue;
          }
          readInto(f, content, issues);
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        issues.add(PolicyLoadException.issue("POL003", p.toString(), "", 0, 0, "cannot read: "
            + SafeText.capped(String.valueOf(e.getMessage()), 200), ""));
      }
    }
    return build(content, issues, options, notes);
  }

  /** Builds a library from already-read files only (no built-ins); used by tests and tools. */
  public static PolicyLibrary fromFiles(Map<String, byte[]> namedContent) throws PolicyLoadException {
    List<ContentFile> content = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    namedContent.forEach((name, bytes) -> parse(name, bytes, content, issues));
    return build(content, issues, Options.DEFAULT, List.of());
  }

  /** As {@link #fromFiles(Map)}, with options. */
  public static PolicyLibrary fromFiles(Map<String, byte[]> namedContent, Options options) throws PolicyLoadException {
    List<ContentFile> content = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    namedContent.forEach((name, bytes) -> parse(name, bytes, content, issues));
    return build(content, issues, options, List.of());
  }

  /**
   * What loading noticed without refusing: special files skipped while walking a directory, effects
   * loaded but not enforced, policies that can apply to no inventory item, unknown aliases tolerated
   * ({@link Options#lenientAliases}).
   */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  private static void readInto(Path f, List<ContentFile> content, List<Diagnostic> issues) {
    try {
      parse(f.toString(), PolicyFiles.read(f, PolicyFiles.MAX_CONTENT_BYTES), content, issues);
    } catch (PolicyLoadException e) {
      issues.addAll(e.issues());
    }
  }

  private static boolean isContentName(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
  }

  private static void parse(String name, byte[] bytes, List<ContentFile> out, List<Diagnostic> issues) {
    try {
      ContentFile f = DefinitionParser.normalise(ContentFile.parse(name, bytes));
      String schema = DefinitionParser.isInitiative(f.root()) ? "policy-set-definition.schema.json" : "policy-definition.schema.json";
      List<Diagnostic> found = f.validate(schema);
      issues.addAll(found);
      if (found.isEmpty()) {
        out.add(f);
      }
    } catch (PolicyLoadException e) {
      issues.addAll(e.issues());
    }
  }

  private static PolicyLibrary build(List<ContentFile> content, List<Diagnostic> issues, Options options,
      List<String> walkNotes)
      throws PolicyLoadException {
    Map<String, PolicyDefinition> defs = new LinkedHashMap<>();
    Map<String, PolicySetDefinition> sets = new LinkedHashMap<>();
    Map<String, ContentFile> files = new LinkedHashMap<>();
    for (ContentFile f : content) {
      files.put(f.name(), f);
      String id = DefinitionParser.id(f);
      boolean set = DefinitionParser.isInitiative(f.root());
      if (defs.containsKey(id) || sets.containsKey(id)) {
        issues.add(f.issue("POL009", "$.name", "duplicate id '" + id + "'"));
      } else if (!set && DefinitionParser.modeProblem(f.root().path("properties").path("mode").asText("")) != null) {
        issues.add(f.issue("POL014", "$.properties.mode",
            DefinitionParser.modeProblem(f.root().path("properties").path("mode").asText(""))));
      } else if (set) {
        sets.put(id, DefinitionParser.initiative(f));
      } else {
        defs.put(id, DefinitionParser.definition(f));
      }
    }
    PolicyLibrary lib = new PolicyLibrary(defs, sets, files, options, walkNotes);
    for (PolicyDefinition d : defs.values()) {
      lib.checkDefinition(d, issues);
    }
    for (PolicySetDefinition s : sets.values()) {
      try {
        lib.compile(s, Map.of(), true);
      } catch (PolicyLoadException e) {
        issues.addAll(e.issues());
      }
    }
    if (!issues.isEmpty()) {
      // a member's rule problem is met again when its initiative is compiled: report each once
      throw new PolicyLoadException(new ArrayList<>(new java.util.LinkedHashSet<>(issues)));
    }
    return lib;
  }

  /**
   * Checks default values and compiles the rule at load, parameters without a default standing in
   * with {@link PolicyCompiler#placeholder}; every problem of the file is reported.
   */
  private void checkDefinition(PolicyDefinition d, List<Diagnostic> issues) {
    ContentFile f = files.get(d.file());
    Map<String, JsonNode> values = new LinkedHashMap<>();
    java.util.Set<String> placeholders = new java.util.HashSet<>();
    for (ParameterDefinition p : d.parameters().values()) {
      JsonNode v = p.defaultValue();
      if (p.hasDefault()) {
        try {
          PolicyCompiler.check(p, v, "");
        } catch (CompileError e) {
          issues.add(f.issue(e.code(), "$.properties.parameters." + p.name() + ".defaultValue", e.getMessage()));
          v = null;
        }
      }
      if (v == null) {
        v = PolicyCompiler.placeholder(p);
        placeholders.add(p.name().toLowerCase(java.util.Locale.ROOT));
      }
      values.put(p.name(), v);
    }
    try {
      CompiledPolicy c = PolicyCompiler.compile(d, values, "", d.id(), List.of(), options.lenientAliases());
      note(d, c);
    } catch (CompileError e) {
      for (CompileError x : RuleCompiler.all(e)) {
        if (x.code().equals("POL010") && dependsOnPlaceholder(d, placeholders)) {
          continue;
        }
        issues.add(f.issue(x.code(), x.jsonPath(), x.getMessage()));
      }
    }
  }

  private static boolean dependsOnPlaceholder(PolicyDefinition d, java.util.Set<String> placeholders) {
    String effect = d.policyRule().path("then").path("effect").asText("").toLowerCase(java.util.Locale.ROOT);
    return placeholders.stream().anyMatch(p -> effect.contains("'" + p + "'"));
  }

  private void note(PolicyDefinition d, CompiledPolicy c) {
    String where = d.file() + ": " + d.id();
    if (!c.effect().enforced()) {
      notes.add(where + ": effect " + c.effect().wireName() + " not enforced by ai-audit (loaded; compliance "
          + "evaluated as Azure reports it, see docs/policy.md)");
    }
    if (!c.applicability().never().isEmpty()) {
      notes.add(where + ": notApplicable to every inventory item: " + c.applicability().never());
    } else if (!c.unknownAliases().isEmpty()) {
      notes.add(where + ": unknown aliases " + new java.util.TreeSet<>(c.unknownAliases())
          + " evaluate to unknown (--unknown-aliases warn)");
    }
  }

  /**
   * Compiles every member of an initiative with the initiative's parameter values ({@code overrides}
   * replace defaults; names the initiative does not declare are ignored).
   */
  public List<CompiledPolicy> compile(PolicySetDefinition set, Map<String, JsonNode> overrides) throws PolicyLoadException {
    return compile(set, overrides, false);
  }

  /** {@code atLoad}: parameters without value or default stand in with placeholders (load-time check). */
  private List<CompiledPolicy> compile(PolicySetDefinition set, Map<String, JsonNode> overrides, boolean atLoad)
      throws PolicyLoadException {
    ContentFile f = files.get(set.file());
    List<Diagnostic> issues = new ArrayList<>();
    Map<String, JsonNode> setParams = new LinkedHashMap<>();
    for (ParameterDefinition p : set.parameters().values()) {
      JsonNode v = overrides.getOrDefault(p.name(), p.defaultValue());
      String path = "$.properties.parameters." + p.name();
      if (v == null && atLoad) {
        v = PolicyCompiler.placeholder(p);
      }
      if (v == null) {
        issues.add(f.issue("POL004", path, "initiative parameter '" + p.name() + "' has no value and no default"));
        continue;
      }
      try {
        PolicyCompiler.check(p, v, path);
        setParams.put(p.name(), v);
      } catch (CompileError e) {
        issues.add(f.issue(e.code(), path, e.getMessage()));
      }
    }
    List<CompiledPolicy> out = new ArrayList<>();
    boolean paramsOk = issues.isEmpty();
    for (int i = 0; i < set.policies().size() && paramsOk; i++) {
      PolicyReference ref = set.policies().get(i);
      String refPath = "$.properties.policyDefinitions[" + i + "]";
      PolicyDefinition def = definitions.get(ref.definitionId());
      if (def == null) {
        issues.add(f.issue("POL007", refPath + ".policyDefinitionId", "unknown policy definition '" + ref.definitionId() + "'"));
        continue;
      }
      for (String g : ref.groupNames()) {
        if (set.group(g) == null) {
          issues.add(f.issue("POL009", refPath + ".groupNames", "group '" + g + "' is not in policyDefinitionGroups"));
        }
      }
      try {
        Map<String, JsonNode> passed = new LinkedHashMap<>();
        for (var e : ref.parameters().entrySet()) {
          String pp = refPath + ".parameters." + e.getKey() + ".value";
          passed.put(e.getKey(), RuleCompiler.compileValue(e.getValue(), pp, setParams).eval(null));
        }
        Map<String, JsonNode> bound = PolicyCompiler.bind(def, passed, atLoad);
        out.add(PolicyCompiler.compile(def, bound, set.id(), ref.referenceId(), ref.groupNames(), options.lenientAliases()));
      } catch (CompileError e) {
        for (CompileError x : RuleCompiler.all(e)) {
          if (atLoad && x.jsonPath().startsWith("parameters.")
              && !ref.parameters().containsKey(x.jsonPath().substring("parameters.".length()))) {
            continue; // the definition's own default: reported once, at its defaultValue
          }
          boolean inDef = x.jsonPath().startsWith("$.properties.policyRule");
          issues.add(inDef ? files.get(def.file()).issue(x.code(), x.jsonPath(), x.getMessage())
              : f.issue(x.code(), refPath + "." + x.jsonPath(), x.getMessage()));
        }
      }
    }
    if (!issues.isEmpty()) {
      throw new PolicyLoadException(issues);
    }
    return out;
  }

  /** Compiles one definition on its own (parameters from {@code values}, else defaults). */
  public CompiledPolicy compileStandalone(PolicyDefinition def, Map<String, JsonNode> values) throws PolicyLoadException {
    try {
      return PolicyCompiler.compile(def, PolicyCompiler.bind(def, values), "", def.id(), List.of(), options.lenientAliases());
    } catch (CompileError e) {
      List<Diagnostic> out = new ArrayList<>();
      RuleCompiler.all(e).forEach(x -> out.add(files.get(def.file()).issue(x.code(), x.jsonPath(), x.getMessage())));
      throw new PolicyLoadException(out);
    }
  }

  public Optional<PolicyDefinition> definition(String id) {
    return Optional.ofNullable(definitions.get(id));
  }

  public Optional<PolicySetDefinition> initiative(String id) {
    return Optional.ofNullable(initiatives.get(id));
  }

  public Collection<PolicyDefinition> definitions() {
    return definitions.values();
  }

  public Collection<PolicySetDefinition> initiatives() {
    return initiatives.values();
  }

  /** The resource paths listed in {@code policies/index.json}. */
  static List<String> builtInFiles() {
    try (InputStream in = PolicyLibrary.class.getResourceAsStream(BUILT_IN_INDEX)) {
      if (in == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      new ObjectMapper().readTree(in).path("files").forEach(n -> out.add(n.asText()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readResource(String res) {
    try (InputStream in = PolicyLibrary.class.getResourceAsStream("/" + res)) {
      if (in == null) {
        throw new IllegalStateException("built-in policy file missing: " + res);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
