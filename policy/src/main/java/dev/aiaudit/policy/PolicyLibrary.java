package dev.aiaudit.policy;

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
  private final List<String> notes;

  private PolicyLibrary(Map<String, PolicyDefinition> defs, Map<String, PolicySetDefinition> sets,
      Map<String, ContentFile> files, List<String> notes) {
    this.definitions = defs;
    this.initiatives = sets;
    this.files = files;
    this.notes = List.copyOf(notes);
  }

  /** What the load skipped without failing: special files met while walking a directory, one line each. */
  public List<String> notes() {
    return notes;
  }

  /** The built-in definitions and initiatives (classpath {@code policies/}). */
  public static PolicyLibrary builtIn() throws PolicyLoadException {
    return load(List.of());
  }

  /** Built-ins plus every {@code .json}/{@code .yaml} file under {@code paths} (files or directories). */
  public static PolicyLibrary load(List<Path> paths) throws PolicyLoadException {
    List<ContentFile> content = new ArrayList<>();
    List<LoadIssue> issues = new ArrayList<>();
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
        issues.add(new LoadIssue("POL003", p.toString(), "", 0, 0, "cannot read: "
            + SafeText.capped(String.valueOf(e.getMessage()), 200), ""));
      }
    }
    return build(content, issues, notes);
  }

  /** Builds a library from already-read files only (no built-ins); used by tests and tools. */
  public static PolicyLibrary fromFiles(Map<String, byte[]> namedContent) throws PolicyLoadException {
    List<ContentFile> content = new ArrayList<>();
    List<LoadIssue> issues = new ArrayList<>();
    namedContent.forEach((name, bytes) -> parse(name, bytes, content, issues));
    return build(content, issues, List.of());
  }

  private static void readInto(Path f, List<ContentFile> content, List<LoadIssue> issues) {
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

  private static void parse(String name, byte[] bytes, List<ContentFile> out, List<LoadIssue> issues) {
    try {
      ContentFile f = ContentFile.parse(name, bytes);
      String schema = DefinitionParser.isInitiative(f.root()) ? "policy-set-definition.schema.json" : "policy-definition.schema.json";
      List<LoadIssue> found = f.validate(schema);
      issues.addAll(found);
      if (found.isEmpty()) {
        out.add(f);
      }
    } catch (PolicyLoadException e) {
      issues.addAll(e.issues());
    }
  }

  private static PolicyLibrary build(List<ContentFile> content, List<LoadIssue> issues, List<String> notes)
      throws PolicyLoadException {
    Map<String, PolicyDefinition> defs = new LinkedHashMap<>();
    Map<String, PolicySetDefinition> sets = new LinkedHashMap<>();
    Map<String, ContentFile> files = new LinkedHashMap<>();
    for (ContentFile f : content) {
      files.put(f.name(), f);
      String id = f.root().path("name").asText();
      boolean set = DefinitionParser.isInitiative(f.root());
      if (defs.containsKey(id) || sets.containsKey(id)) {
        issues.add(f.issue("POL009", "$.name", "duplicate id '" + id + "'"));
      } else if (set) {
        sets.put(id, DefinitionParser.initiative(f));
      } else {
        defs.put(id, DefinitionParser.definition(f));
      }
    }
    PolicyLibrary lib = new PolicyLibrary(defs, sets, files, notes);
    for (PolicyDefinition d : defs.values()) {
      lib.checkDefinition(d, issues);
    }
    for (PolicySetDefinition s : sets.values()) {
      try {
        lib.compile(s, Map.of());
      } catch (PolicyLoadException e) {
        issues.addAll(e.issues());
      }
    }
    if (!issues.isEmpty()) {
      throw new PolicyLoadException(issues);
    }
    return lib;
  }

  private void checkDefinition(PolicyDefinition d, List<LoadIssue> issues) {
    ContentFile f = files.get(d.file());
    for (ParameterDefinition p : d.parameters().values()) {
      if (p.hasDefault()) {
        try {
          PolicyCompiler.check(p, p.defaultValue(), "");
        } catch (CompileError e) {
          issues.add(f.issue(e.code(), "$.properties.parameters." + p.name() + ".defaultValue", e.getMessage()));
        }
      }
    }
    if (d.parameters().values().stream().allMatch(ParameterDefinition::hasDefault)) {
      try {
        PolicyCompiler.compile(d, PolicyCompiler.bind(d, Map.of()), "", d.id(), List.of());
      } catch (CompileError e) {
        issues.add(f.issue(e.code(), e.jsonPath(), e.getMessage()));
      }
    }
  }

  /**
   * Compiles every member of an initiative with the initiative's parameter values ({@code overrides}
   * replace defaults; names the initiative does not declare are ignored).
   */
  public List<CompiledPolicy> compile(PolicySetDefinition set, Map<String, JsonNode> overrides) throws PolicyLoadException {
    ContentFile f = files.get(set.file());
    List<LoadIssue> issues = new ArrayList<>();
    Map<String, JsonNode> setParams = new LinkedHashMap<>();
    for (ParameterDefinition p : set.parameters().values()) {
      JsonNode v = overrides.getOrDefault(p.name(), p.defaultValue());
      String path = "$.properties.parameters." + p.name();
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
        Map<String, JsonNode> bound = PolicyCompiler.bind(def, passed);
        out.add(PolicyCompiler.compile(def, bound, set.id(), ref.referenceId(), ref.groupNames()));
      } catch (CompileError e) {
        boolean inDef = e.jsonPath().startsWith("$.properties.policyRule");
        issues.add(inDef ? files.get(def.file()).issue(e.code(), e.jsonPath(), e.getMessage())
            : f.issue(e.code(), refPath + "." + e.jsonPath(), e.getMessage()));
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
      return PolicyCompiler.compile(def, PolicyCompiler.bind(def, values), "", def.id(), List.of());
    } catch (CompileError e) {
      throw new PolicyLoadException(List.of(files.get(def.file()).issue(e.code(), e.jsonPath(), e.getMessage())));
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
