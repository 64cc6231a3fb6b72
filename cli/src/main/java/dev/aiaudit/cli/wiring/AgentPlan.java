package dev.aiaudit.cli.wiring;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.JournalConfig;
import dev.aiaudit.journal.FsyncPolicy;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.Sensors;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the agent will do, derived once from the configuration: roots, device nodes, paths, options. */
record AgentPlan(AgentConfig config, List<Path> roots, List<Path> deviceNodes, String host, AssetClassifier classifier) {

  static AgentPlan of(AgentConfig config, PrintStream out) throws AgentException {
    List<Path> roots = resolveRoots(config, out);
    List<Path> devices = config.watch().gpuDevices() ? Sensors.presentGpuDeviceNodes() : List.of();
    if (roots.isEmpty() && devices.isEmpty() && config.watch().defaultRoots()) {
      // A fresh machine: nothing of the defaults exists yet. Hugging Face creates its model cache on
      // first use anyway, so create it (empty, in the user's own home) and watch it from the start.
      Path hf = expandHome("~/.cache/huggingface").toAbsolutePath().normalize();
      try {
        java.nio.file.Files.createDirectories(hf);
        roots = List.of(hf);
        out.println("ai-audit: none of the default roots exists; created " + hf
            + " (Hugging Face's model cache) and watching it; pass --root DIR to watch your own");
      } catch (java.io.IOException e) {
        // fall through to the error below
      }
    }
    if (roots.isEmpty() && devices.isEmpty()) {
      throw new AgentException("nothing to watch: none of the default roots " + String.join(", ",
          dev.aiaudit.cli.config.WatchConfig.DEFAULT_ROOTS) + " exists and no GPU device node is present;"
          + " pass --root DIR (or set watch.roots in the config file)", null);
    }
    return new AgentPlan(config, roots, devices, hostName(config), classifier(config));
  }

  private static List<Path> resolveRoots(AgentConfig config, PrintStream out) throws AgentException {
    List<Path> result = new ArrayList<>();
    if (config.watch().defaultRoots()) {
      for (String r : dev.aiaudit.cli.config.WatchConfig.DEFAULT_ROOTS) {
        Path p = expandHome(r);
        if (Files.isDirectory(p)) {
          result.add(p.toAbsolutePath().normalize());
        } else {
          out.println("ai-audit: default root " + p + " does not exist; not watched");
        }
      }
      return result;
    }
    for (Path r : config.watch().roots()) {
      Path p = expandHome(r.toString()).toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new AgentException("watch root " + p + " " + whyMissing(p), null);
      }
      if (!Files.isDirectory(p)) {
        throw new AgentException("watch root " + p + " is not a directory", null);
      }
      result.add(p);
    }
    return result;
  }

  /** Why {@code p} cannot be reached: a symlink loop, a dangling link, a component that is no directory, or absence. */
  static String whyMissing(Path p) {
    try {
      p.toRealPath();
      return "cannot be reached";
    } catch (java.nio.file.NoSuchFileException e) {
      return Files.isSymbolicLink(p) ? "is a symbolic link to a path that does not exist" : "does not exist";
    } catch (java.nio.file.FileSystemException e) {
      String why = String.valueOf(e.getReason());
      if (why.contains("Too many levels of symbolic links")) {
        return "is a symlink loop (" + why + ")";
      }
      return "cannot be reached: " + why;
    } catch (java.io.IOException e) {
      return "cannot be reached: " + e.getMessage();
    }
  }

  static Path expandHome(String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return Path.of(p);
  }

  private static String hostName(AgentConfig config) {
    if (config.host() != null) {
      return config.host();
    }
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!h.isEmpty()) {
        return h;
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  private static AssetClassifier classifier(AgentConfig config) throws AgentException {
    AssetClassifier.Builder b = AssetClassifier.builder();
    for (Map.Entry<String, List<String>> e : config.assets().entrySet()) {
      AssetKind kind;
      try {
        kind = AssetKind.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new AgentException("assets: " + ex.getMessage(), ex);
      }
      for (String g : e.getValue()) {
        try {
          b.addGlob(expandHome(g).toString(), kind);
        } catch (IllegalArgumentException ex) {
          throw new AgentException("assets." + e.getKey() + ": " + ex.getMessage(), ex);
        }
      }
    }
    return b.build();
  }

  Path journalDir() {
    return config.dataDir().resolve("journal");
  }

  Path storeFile() {
    return config.dataDir().resolve("events.duckdb");
  }

  JournalOptions journalOptions() {
    JournalConfig j = config.journal();
    return new JournalOptions(FsyncPolicy.valueOf(j.fsync().toUpperCase(Locale.ROOT)), j.fsyncInterval(), j.segmentSize(),
        j.checkpointRecords(), j.checkpointEvery(), null);
  }

  SensorConfig sensorConfig(EventClock clock) {
    return new SensorConfig(roots, deviceNodes, classifier, host, config.watch().readCoalesce(), config.watch().pollInterval(), clock,
        config.watch().containerRoots(), config.watch().strictAttribution());
  }

  String describeTargets() {
    List<String> parts = new ArrayList<>();
    roots.forEach(r -> parts.add(r.toString()));
    if (!deviceNodes.isEmpty()) {
      parts.add(deviceNodes.size() + " GPU device node(s)");
    }
    return String.join(", ", parts);
  }
}
