package dev.aiaudit.policy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import dev.aiaudit.policy.inventory.Inventory;
import dev.aiaudit.policy.inventory.InventoryBuilder;
import dev.aiaudit.model.text.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWatcherTest {

  private static final String GPU_POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: trainer
        namespace: ml
        annotations:
      %s
      spec:
        containers:
          - name: t
            image: registry.example.com/t:1
            resources:
              limits:
                nvidia.com/gpu: 1
      """;

  @TempDir Path dir;

  private final BlockingQueue<ComplianceFinding> findings = new LinkedBlockingQueue<>();
  private final BlockingQueue<List<Diagnostic>> issues = new LinkedBlockingQueue<>();

  private ManifestWatcher start() throws Exception {
    ComplianceTracker tracker = new ComplianceTracker(new RequiredAnnotationsPolicy(), Clock.systemUTC());
    java.util.function.Supplier<Inventory> rebuild =
        () -> InventoryBuilder.create().manifests(List.of(dir)).build();
    return new ManifestWatcher(dir, rebuild, tracker, findings::addAll, issues::add, Duration.ofMillis(100))
        .start();
  }

  private ComplianceFinding next() throws InterruptedException {
    ComplianceFinding f = findings.poll(10, TimeUnit.SECONDS);
    assertThat(f).as("a finding within 10 s").isNotNull();
    return f;
  }

  private static String pod(String... annotationLines) {
    StringBuilder sb = new StringBuilder();
    for (String l : annotationLines) {
      sb.append("    ").append(l).append('\n');
    }
    return GPU_POD.formatted(sb.isEmpty() ? "    ai-audit.io/ai-workload: \"true\"" : sb.toString().stripTrailing());
  }

  @Test
  void watch_manifestChangesInTree_emitsOneFindingPerStateChange() throws Exception {
    Files.writeString(dir.resolve("trainer.yaml"), pod());
    try (ManifestWatcher watcher = start()) {
      ComplianceFinding initial = next();
      assertThat(initial.itemId()).isEqualTo("k8s:ml/Pod/trainer");
      assertThat(initial.previousState()).isEqualTo("absent");
      assertThat(initial.state()).isEqualTo("non-compliant");

      Files.writeString(dir.resolve("trainer.yaml"), pod(
          "ai-audit.io/model-name: bert", "ai-audit.io/model-digest: sha256:" + "a".repeat(64),
          "ai-audit.io/risk-class: minimal", "ai-audit.io/oversight-contact: ops@example.com",
          "ai-audit.io/intended-purpose: classify tickets"));
      ComplianceFinding fixed = next();
      assertThat(fixed.previousState()).isEqualTo("non-compliant");
      assertThat(fixed.state()).isEqualTo("compliant");
      assertThat(fixed.toJson().path("type").asText()).isEqualTo("policy.compliance_change");

      Path sub = Files.createDirectories(dir.resolve("team-b"));
      Files.writeString(sub.resolve("other.yaml"), pod().replace("name: trainer", "name: other"));
      ComplianceFinding added = next();
      assertThat(added.itemId()).isEqualTo("k8s:ml/Pod/other");
      assertThat(added.violations()).extracting(v -> v.policyId()).contains("AIA-ADM-001", "AIA-ADM-002");

      Files.delete(dir.resolve("trainer.yaml"));
      ComplianceFinding removed = next();
      assertThat(removed.itemId()).isEqualTo("k8s:ml/Pod/trainer");
      assertThat(removed.state()).isEqualTo("absent");
      assertThat(findings.poll(300, TimeUnit.MILLISECONDS)).as("no duplicate findings").isNull();
      assertThat(watcher.evaluations()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void watch_malformedManifestWritten_reportsIssueAndKeepsWatching() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), pod());
    try (ManifestWatcher watcher = start()) {
      next();
      assertThat(issues.poll(50, TimeUnit.MILLISECONDS)).as("no issues at first").isNull();
      Files.writeString(dir.resolve("b.yaml"), "kind: Pod\nmetadata:\n  name: x\n   bad: indent\n");
      List<Diagnostic> reported = issues.poll(10, TimeUnit.SECONDS);
      assertThat(reported).singleElement().satisfies(i -> assertThat(i.code()).isEqualTo("YAML_SYNTAX"));

      Files.writeString(dir.resolve("a.yaml"), pod().replace("name: trainer", "name: renamed"));
      assertThat(List.of(next(), next())).extracting(ComplianceFinding::itemId)
          .containsExactlyInAnyOrder("k8s:ml/Pod/renamed", "k8s:ml/Pod/trainer");
    }
  }
}
