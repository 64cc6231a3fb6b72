package dev.aiaudit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps modules and libraries in their rooms (shared/ARCHITECTURE.md): siblings do not import each
 * other, and each third-party library is used only by the package that owns it.
 */
class ArchitectureTest {
  private static final List<String> SIBLINGS =
      List.of("sensor", "detect", "journal", "store", "scan", "policy", "server", "export");
  /** Siblings the server (admission webhook + dashboard) may read, as ARCHITECTURE.md allows. */
  private static final List<String> SERVER_READS = List.of("store", "scan", "policy");
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.aiaudit");
  }

  @Test
  void siblings_doNotImportEachOther() {
    for (String a : SIBLINGS) {
      for (String b : SIBLINGS) {
        if (a.equals(b) || (a.equals("server") && SERVER_READS.contains(b))) {
          continue; // the dashboard reads the store and scan results; its use of policy is narrowed below
        }
        noClasses().that().resideInAPackage("dev.aiaudit." + a + "..")
            .should().dependOnClassesThat().resideInAPackage("dev.aiaudit." + b + "..")
            .allowEmptyShould(true)
            .check(classes);
      }
    }
  }

  @Test
  void server_usesOnlyTheAdmissionDecisionAndTheLibraryOfPolicy() {
    // the webhook's admission decision, and the built-in library's initiatives (control ids shown by the dashboard)
    noClasses().that().resideInAPackage("dev.aiaudit.server..")
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.aiaudit.policy..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.aiaudit.policy.admission")))
            .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(dev.aiaudit.policy.PolicyLibrary.class,
                dev.aiaudit.policy.PolicySetDefinition.class, dev.aiaudit.policy.PolicyReference.class))))
        .check(classes);
  }

  @Test
  void modelAndPipeline_dependOnNoOtherModule() {
    noClasses().that().resideInAnyPackage("dev.aiaudit.model..", "dev.aiaudit.pipeline..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.aiaudit.sensor..", "dev.aiaudit.detect..", "dev.aiaudit.journal..", "dev.aiaudit.store..", "dev.aiaudit.scan..",
            "dev.aiaudit.policy..", "dev.aiaudit.server..", "dev.aiaudit.cli..", "dev.aiaudit.report..")
        .check(classes);
  }

  @Test
  void reportWriters_dependOnlyOnModel() {
    noClasses().that().resideInAPackage("dev.aiaudit.report..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.aiaudit.pipeline..", "dev.aiaudit.sensor..", "dev.aiaudit.detect..", "dev.aiaudit.journal..",
            "dev.aiaudit.store..", "dev.aiaudit.scan..", "dev.aiaudit.policy..", "dev.aiaudit.server..", "dev.aiaudit.cli..",
            "dev.aiaudit.export..")
        .check(classes);
  }

  @Test
  void foreignFunctionApi_onlyInTheSensor() {
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.sensor..")
        .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
        .check(classes);
  }

  @Test
  void libraries_stayInTheirPackages() {
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.store..")
        .should().dependOnClassesThat().resideInAPackage("org.duckdb..").check(classes);
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes);
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.export.otlp..")
        .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..").check(classes);
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.export.kafka..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(classes);
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.store.pg..")
        .should().dependOnClassesThat().resideInAPackage("org.postgresql..").check(classes);
    noClasses().that().resideOutsideOfPackage("dev.aiaudit.server..")
        .should().dependOnClassesThat().resideInAPackage("io.javalin..").allowEmptyShould(true).check(classes);
    // CEL only where conditions are compiled and evaluated: detection rules and policy evaluation
    noClasses().that().resideOutsideOfPackages("dev.aiaudit.detect.rules..", "dev.aiaudit.policy.eval..")
        .should().dependOnClassesThat().resideInAPackage("dev.cel..").check(classes);
  }
}
