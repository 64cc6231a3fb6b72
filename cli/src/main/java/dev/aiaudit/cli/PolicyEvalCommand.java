package dev.aiaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.InventoryFiles;
import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.PolicyLoadException;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.policy.Waivers;
import dev.aiaudit.policy.eval.CompiledPolicy;
import dev.aiaudit.policy.report.PolicyReports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ai-audit policy eval}: evaluates inventory items against initiatives and prints a report. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate AI deployments against policy initiatives (default: all built-in).",
      "Exit codes: 0 nothing fails at --fail-on, 1 a non-compliance or evaluation error at/above --fail-on,",
      "2 could not run (bad content, unreadable input)."
    })
public final class PolicyEvalCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Spec CommandSpec spec;

  @picocli.CommandLine.Mixin InventoryOptions inventory;

  @Parameters(paramLabel = "INVENTORY", arity = "0..*",
      description = "Inventory sources: Kubernetes manifest files or directories (YAML), or inventory JSON files (an array of items, one item, or JSON lines).")
  List<Path> sources = new ArrayList<>();

  @Option(names = {"-i", "--initiative"}, paramLabel = "ID",
      description = "Initiative to evaluate (repeatable): eu-ai-act-2024-1689, nist-ai-rmf-1.0, or one from --definitions.")
  List<String> initiatives = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "ID", description = "Evaluate this definition on its own (repeatable); replaces initiatives.")
  List<String> policies = new ArrayList<>();

  @Option(names = "--definitions", paramLabel = "PATH", description = "Extra definition/initiative files or directories (repeatable).")
  List<Path> definitions = new ArrayList<>();

  @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
      description = "Initiative parameter (repeatable), e.g. highRiskDate=2027-12-02; VALUE is JSON or text.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--evidence", paramLabel = "FILE", description = "Runtime evidence file for auditIfNotExists policies.")
  Path evidence;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Answer auditIfNotExists policies from the agent's journal and store under DIR (read-only).")
  Path dataDir;

  @Option(names = "--store", paramLabel = "URL",
      description = "Answer auditIfNotExists policies from the fleet store that 'ai-audit serve' fills (postgresql://...)"
          + " instead of one agent's --data-dir.")
  String store;

  @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "190d",
      description = "With --data-dir: the agent's configured journal.retention (default ${DEFAULT-VALUE}).")
  String retention;

  @Option(names = "--attestations", paramLabel = "FILE", description = "Attestations for manual policies (repeatable).")
  List<Path> attestations = new ArrayList<>();

  @Option(names = "--exemptions", paramLabel = "FILE", description = "Exemptions (repeatable).")
  List<Path> exemptions = new ArrayList<>();

  @Option(names = {"-f", "--format"}, defaultValue = "text",
      description = "text, json, junit, html, oscal, openreports or cyclonedx (inventory as ML-BOM). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path output;

  @Option(names = "--fail-on", defaultValue = "low", paramLabel = "SEVERITY",
      description = "Lowest severity of a failing policy that makes the exit code 1: info, low, medium, high, critical. Default: ${DEFAULT-VALUE}.")
  String failOn;

  @Option(names = "--fail-on-unknown", description = "Also exit 1 when a deployment is unknown (unanswered manual or evidence policies).")
  boolean failOnUnknown;

  @Option(names = "--unknown-aliases", paramLabel = "MODE", defaultValue = "error",
      description = "error (default): a field naming an unknown alias is a load error (POL013); warn: it loads with a note and evaluates to unknown, never compliant.")
  String unknownAliases;

  @Option(names = "--now", paramLabel = "INSTANT", description = "Evaluate as of this ISO-8601 instant (reproducible reports).")
  Instant now;

  /** Set when an inventory input could not be read or parsed. */
  private boolean inputErrors;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      PolicyReports.checkFormat(format);
      AlertSeverity threshold = AlertSeverity.parse(failOn);
      if (!unknownAliases.equals("error") && !unknownAliases.equals("warn")) {
        throw new IllegalArgumentException("--unknown-aliases must be error or warn, got '" + unknownAliases + "'");
      }
      if (now != null) {
        inventory.clock = Clock.fixed(now, ZoneOffset.UTC); // --from-store --since counts back from --now too
      }
      PolicyLibrary lib = PolicyLibrary.load(definitions, new PolicyLibrary.Options(unknownAliases.equals("warn")));
      PolicyNotes.print(lib.notes(), err);
      List<JsonNode> items = loadInventory(sources);
      if (inputErrors) {
        err.println("ai-audit policy eval: an input could not be read or parsed (above); no report written");
        return PolicyCommand.COULD_NOT_RUN;
      }
      PolicyEngine engine = engine(lib);
      EvaluationReport report = engine.evaluate(items);
      try (Writer w = output == null ? new NonClosingWriter(spec.commandLine().getOut())
          : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        PolicyReports.write(format, report, items, w);
      }
      report.warnings().forEach(x -> err.println("WARNING: " + x));
      boolean fail = report.failsAt(threshold)
          || (failOnUnknown && report.deployments().stream().anyMatch(d -> d.state() == dev.aiaudit.policy.ComplianceState.UNKNOWN));
      return fail ? PolicyCommand.FAILED : PolicyCommand.OK;
    } catch (PolicyLoadException e) {
      err.println(e.getMessage());
      return PolicyCommand.COULD_NOT_RUN;
    } catch (IOException | RuntimeException e) {
      err.println("ERROR: " + SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return PolicyCommand.COULD_NOT_RUN;
    }
  }

  private PolicyEngine engine(PolicyLibrary lib) throws IOException, PolicyLoadException {
    Waivers w = Waivers.none();
    for (Path a : attestations) {
      w = w.withAttestations(a);
    }
    for (Path x : exemptions) {
      w = w.withExemptions(x);
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    params.forEach((k, v) -> values.put(k, parseValue(v)));
    PolicyEngine.Builder b = PolicyEngine.builder(lib).initiatives(initiatives).parameters(values).waivers(w)
        .evidence(evidence != null ? EvidenceSource.fromFile(evidence)
            : store != null ? dev.aiaudit.cli.wiring.StoreEvidenceSource.fleet(store,
                dev.aiaudit.cli.config.ConfigLoader.parseDuration(retention))
            : dataDir != null ? new dev.aiaudit.cli.wiring.StoreEvidenceSource(dataDir,
                dev.aiaudit.cli.config.ConfigLoader.parseDuration(retention))
            : EvidenceSource.none())
        .clock(now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC));
    if (!policies.isEmpty()) {
      List<CompiledPolicy> compiled = new ArrayList<>();
      for (String id : policies) {
        var def = lib.definition(id).orElseThrow(() -> new IllegalArgumentException("unknown policy definition '" + id + "'"));
        compiled.add(lib.compileStandalone(def, values));
      }
      b.policies(compiled);
    }
    return b.build();
  }

  /**
   * The inventory seam: today JSON item files (array, single item or JSON lines). The inventory
   * package extends this to manifest directories, model cards, ML-BOMs and host discovery.
   */
  List<JsonNode> loadInventory(List<Path> paths) throws IOException, PolicyLoadException {
    List<JsonNode> items = new ArrayList<>();
    List<Path> manifests = new ArrayList<>();
    for (Path p : paths) {
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (!Files.isDirectory(p) && (name.endsWith(".json") || name.endsWith(".jsonl"))) {
        items.addAll(InventoryFiles.read(p));
      } else {
        manifests.add(p);
      }
    }
    if (!manifests.isEmpty() || inventory.observations != null || inventory.fromStore != null) {
      PrintWriter err = spec.commandLine().getErr();
      dev.aiaudit.policy.inventory.Inventory inv = inventory.builder(manifests, err).build();
      InventoryOptions.print(inv.issues(), err);
      inputErrors |= InventoryOptions.hasErrors(inv.issues()) || inventory.observationErrors;
      items.addAll(inv.items());
    }
    return items;
  }

  private static JsonNode parseValue(String v) {
    try {
      return JSON.readTree(v);
    } catch (IOException e) {
      return TextNode.valueOf(v);
    }
  }

  /** Keeps picocli's stdout writer open after the report is written. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer w) {
      super(w);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
