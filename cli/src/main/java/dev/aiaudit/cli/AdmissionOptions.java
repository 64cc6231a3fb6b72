package dev.aiaudit.cli;

import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.PolicyLoadException;
import dev.aiaudit.policy.admission.AdmissionPolicy;
import dev.aiaudit.policy.admission.EngineAdmissionPolicy;
import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which policies judge a deployment at admission, in {@code policy watch} and in the inventory
 * table: the required {@code ai-audit.io/} annotations for accelerator workloads, plus the policy
 * engine's initiatives ({@code deny} policies refuse, the others warn).
 */
final class AdmissionOptions {

  @Option(names = {"-i", "--initiative"}, paramLabel = "ID",
      description = "Initiative whose deny/audit policies apply (repeatable; default: every built-in initiative).")
  List<String> initiatives = new ArrayList<>();

  @Option(names = "--definitions", paramLabel = "PATH", description = "Extra definition/initiative files or directories (repeatable).")
  List<Path> definitions = new ArrayList<>();

  @Option(names = "--annotations-only", description = "Apply only the required-annotation rules, not the policy engine.")
  boolean annotationsOnly;

  /** The admission policy; what loading the definitions skipped is printed to {@code err} as NOTE lines. */
  AdmissionPolicy policy(java.io.PrintWriter err) throws IOException, PolicyLoadException {
    RequiredAnnotationsPolicy annotations = new RequiredAnnotationsPolicy();
    if (annotationsOnly) {
      return annotations;
    }
    PolicyLibrary library = PolicyLibrary.load(definitions);
    library.notes().forEach(n -> err.println("NOTE: " + n));
    PolicyEngine engine = PolicyEngine.builder(library).initiatives(initiatives).build();
    return EngineAdmissionPolicy.allOf(List.of(annotations, new EngineAdmissionPolicy(engine)));
  }
}
