package dev.aiaudit.cli;

import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.policy.inventory.HostObservation;
import dev.aiaudit.policy.inventory.InventoryBuilder;
import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.policy.inventory.ObservationReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Inputs shared by {@code policy inventory} and {@code policy watch}. */
final class InventoryOptions {

  @Option(names = "--cards", paramLabel = "DIR",
      description = "Directory of model cards (Hugging Face README .md, CycloneDX ML-BOM .json) linked by model name.")
  Path cards;

  @Option(names = "--observations", paramLabel = "FILE",
      description = "JSON-lines file of host observations (pid, exe, containerId, podUid, podName, namespace, path, assetKind, time, seq, hash).")
  Path observations;

  @Option(names = "--from-store", paramLabel = "DATA_DIR",
      description = "Add host observations from the agent's DuckDB store under DATA_DIR (read-only): processes that opened model weights or GPU device nodes.")
  Path fromStore;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h",
      description = "With --from-store: how far back to look (default ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--accelerator", paramLabel = "RESOURCE",
      description = "Extra extended resource that counts as an accelerator (repeatable), e.g. example.com/npu.")
  List<String> accelerators = new ArrayList<>();

  @Option(names = "--shadow-any",
      description = "Report a host group as shadow AI when it opened model weights OR a GPU (default: both).")
  boolean shadowAny;

  /** The clock {@code --since} counts back from; commands with {@code --now} fix it. */
  Clock clock = Clock.systemUTC();

  /** Set by {@link #builder} when the observations file had a line or a read that failed. */
  boolean observationErrors;

  /** Whether an input could not be read or parsed (an {@code ERROR}, not a {@code WARNING}). */
  static boolean hasErrors(List<Diagnostic> issues) {
    return issues.stream().anyMatch(i -> i.isError());
  }

  AcceleratorResources acceleratorResources() {
    return accelerators.isEmpty() ? AcceleratorResources.DEFAULT : AcceleratorResources.withExtra(accelerators);
  }

  /** A builder over {@code manifests}; observation-file issues go to {@code err}. */
  InventoryBuilder builder(List<Path> manifests, PrintWriter err) throws IOException {
    InventoryBuilder b = InventoryBuilder.create().manifests(manifests)
        .accelerators(acceleratorResources()).shadowOnEither(shadowAny);
    if (cards != null) {
      b.modelCards(cards);
    }
    List<HostObservation> obs = new ArrayList<>();
    if (observations != null) {
      ObservationReader.Result r = ObservationReader.read(observations);
      r.issues().forEach(i -> err.println(i.format()));
      observationErrors = hasErrors(r.issues());
      obs.addAll(r.observations());
    }
    if (fromStore != null) {
      java.time.Instant from = clock.instant().minus(dev.aiaudit.cli.config.ConfigLoader.parseDuration(since));
      obs.addAll(dev.aiaudit.cli.wiring.StoreObservations.since(fromStore, from));
    }
    if (observations != null || fromStore != null) {
      b.observations(obs);
    }
    return b;
  }

  static void print(List<Diagnostic> issues, PrintWriter err) {
    issues.forEach(i -> err.println(i.format()));
    err.flush();
  }
}
