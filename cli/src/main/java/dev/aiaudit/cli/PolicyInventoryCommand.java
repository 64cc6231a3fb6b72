package dev.aiaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.policy.inventory.CycloneDxExport;
import dev.aiaudit.policy.inventory.Inventory;
import dev.aiaudit.policy.inventory.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ai-audit policy inventory}: prints the AI deployment inventory. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
    description = {"Builds the AI deployment inventory from Kubernetes manifests, model cards and host observations.",
        "Exit status: 0, or 2 when an input could not be read or parsed (it is reported on stderr)."})
final class PolicyInventoryCommand implements Callable<Integer> {

  enum Format { json, jsonl, cyclonedx, table }

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Manifest files or directories (YAML/JSON, multi-document).")
  List<Path> paths;

  @Mixin InventoryOptions options;

  @Mixin AdmissionOptions admission;

  @Option(names = "--format", defaultValue = "json",
      description = "json (default: {schemaVersion, items, issues}), jsonl (one item a line), cyclonedx (ML-BOM 1.6), table.")
  Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    dev.aiaudit.policy.admission.AdmissionPolicy policy = null;
    if (format == Format.table) {
      try {
        policy = admission.policy(spec.commandLine().getErr());
      } catch (dev.aiaudit.policy.PolicyLoadException e) {
        err.println(e.getMessage());
        return PolicyCommand.COULD_NOT_RUN;
      }
    }
    Inventory inv = options.builder(paths, err).build();
    InventoryOptions.print(inv.issues(), err);
    ObjectWriter pretty = Json.MAPPER.writerWithDefaultPrettyPrinter();
    switch (format) {
      case json -> out.println(pretty.writeValueAsString(inv.toJson()));
      case jsonl -> inv.items().forEach(i -> out.println(i.toString()));
      case cyclonedx -> out.println(pretty.writeValueAsString(CycloneDxExport.toBom(inv, Clock.systemUTC())));
      case table -> table(inv, out, policy);
    }
    out.flush();
    return InventoryOptions.hasErrors(inv.issues()) || options.observationErrors
        ? PolicyCommand.COULD_NOT_RUN : PolicyCommand.OK;
  }

  private static String verdict(dev.aiaudit.policy.admission.AdmissionDecision d) {
    StringBuilder sb = new StringBuilder(d.allowed() ? (d.violations().isEmpty() ? "allow" : "warn") : "deny");
    d.violations().forEach(v -> sb.append(' ').append(v.policyId()));
    return sb.toString();
  }

  private static void table(Inventory inv, PrintWriter out, dev.aiaudit.policy.admission.AdmissionPolicy policy) {
    String fmt = "%-46s %-8s %-26s %-36s %-12s %s%n";
    out.printf(fmt, "ID", "DECLARED", "ACCELERATORS", "MODEL", "RISK", "ADMISSION");
    for (JsonNode i : inv.items()) {
      StringBuilder acc = new StringBuilder();
      i.path("accelerators").properties().forEach(e ->
          acc.append(acc.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText()));
      out.printf(fmt, SafeText.capped(i.path("id").asText(), 200), i.path("declared").asBoolean(),
          acc.isEmpty() ? "-" : SafeText.capped(acc, 200),
          SafeText.capped(i.path("model").path("name").asText("-"), 200),
          SafeText.capped(i.path("ai").path("riskClass").asText("-"), 100),
          verdict(dev.aiaudit.policy.admission.AdmissionDecision.of(i.path("id").asText(), policy, i)));
    }
    out.printf("%d AI deployments, %d other workloads, %d issues%n",
        inv.items().size(), inv.nonAiWorkloads(), inv.issues().size());
  }
}
