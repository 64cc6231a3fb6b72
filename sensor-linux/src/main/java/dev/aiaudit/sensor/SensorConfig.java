package dev.aiaudit.sensor;

import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.text.SafeText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a sensor watches and how.
 *
 * @param roots directories to watch (recursively, including files created later); at least one
 * @param deviceNodes device nodes watched with inode marks (e.g. {@link Sensors#presentGpuDeviceNodes()})
 * @param classifier classifies each touched path
 * @param host host name put in every event
 * @param readCoalesceInterval reads by one process of one file within this interval become one READ record
 * @param pollInterval scan period of the /proc fd poller fallback
 * @param clock event time source
 * @param containerRoots paths inside containers watched in every container root file system that appears
 *     ({@code watch.container_roots}; absolute, {@code *} and {@code ?} match within one segment; empty: no
 *     container is watched); {@code null} means {@link #DEFAULT_CONTAINER_ROOTS}
 * @param strictAttribution opt-in ({@code watch.strict_attribution}): hold each opener of a file under a root in
 *     a permission event (FAN_OPEN_PERM) until its /proc entries are read, then allow it (never deny; bounded)
 */
public record SensorConfig(
    List<Path> roots,
    List<Path> deviceNodes,
    AssetClassifier classifier,
    String host,
    Duration readCoalesceInterval,
    Duration pollInterval,
    EventClock clock,
    List<String> containerRoots,
    boolean strictAttribution) {

  /** Watched inside every container root file system unless configured otherwise. */
  public static final List<String> DEFAULT_CONTAINER_ROOTS =
      List.of("/models", "/data", "/root/.cache/huggingface", "/home/*/.cache/huggingface");

  public static final Duration DEFAULT_READ_COALESCE_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** Null optional components take their defaults; roots must be non-empty. */
  public SensorConfig {
    Objects.requireNonNull(roots, "roots");
    roots = List.copyOf(roots);
    deviceNodes = deviceNodes == null ? List.of() : List.copyOf(deviceNodes);
    if (roots.isEmpty() && deviceNodes.isEmpty()) {
      throw new IllegalArgumentException("at least one watch root or device node is required");
    }
    classifier = classifier == null ? AssetClassifier.defaults() : classifier;
    host = host == null ? localHostName() : host;
    readCoalesceInterval = readCoalesceInterval == null ? DEFAULT_READ_COALESCE_INTERVAL : readCoalesceInterval;
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    clock = clock == null ? EventClock.SYSTEM : clock;
    checkPositive(readCoalesceInterval, "readCoalesceInterval");
    checkPositive(pollInterval, "pollInterval");
    containerRoots = containerRoots == null ? DEFAULT_CONTAINER_ROOTS : List.copyOf(containerRoots);
    containerRoots.forEach(SensorConfig::checkContainerRoot);
  }

  /** With the default container roots. */
  public SensorConfig(List<Path> roots, List<Path> deviceNodes, AssetClassifier classifier, String host,
      Duration readCoalesceInterval, Duration pollInterval, EventClock clock) {
    this(roots, deviceNodes, classifier, host, readCoalesceInterval, pollInterval, clock, null);
  }

  /**
   * Checks one container root: absolute, no {@code .} or {@code ..} segment, no control character.
   *
   * @throws IllegalArgumentException naming it and the problem
   */
  public static void checkContainerRoot(String r) {
    String problem = null;
    if (r == null || !r.startsWith("/")) {
      problem = "must be an absolute path";
    } else if (r.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "contains a control character";
    } else if (java.util.Arrays.stream(r.split("/")).anyMatch(x -> x.equals(".") || x.equals(".."))) {
      problem = "must not contain . or .. segments";
    } else if (r.replace("/", "").isEmpty()) {
      problem = "must not be / (every file of every container)";
    }
    if (problem != null) {
      throw new IllegalArgumentException("container root '" + (r == null ? "null" : SafeText.capped(r, 200)) + "' "
          + problem);
    }
  }

  /** Roots with every other setting at its default. */
  public static SensorConfig of(List<Path> roots) {
    return new SensorConfig(roots, null, null, null, null, null, null, null);
  }

  /** Without strict attribution. */
  public SensorConfig(List<Path> roots, List<Path> deviceNodes, AssetClassifier classifier, String host,
      Duration readCoalesceInterval, Duration pollInterval, EventClock clock, List<String> containerRoots) {
    this(roots, deviceNodes, classifier, host, readCoalesceInterval, pollInterval, clock, containerRoots, false);
  }

  /** This configuration with strict attribution on or off. */
  public SensorConfig withStrictAttribution(boolean on) {
    return new SensorConfig(roots, deviceNodes, classifier, host, readCoalesceInterval, pollInterval, clock,
        containerRoots, on);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void checkPositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0: " + d);
    }
  }

  static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Builds a {@link SensorConfig}; each setter checks its argument at once. */
  public static final class Builder {
    private final List<Path> roots = new ArrayList<>();
    private final List<Path> deviceNodes = new ArrayList<>();
    private AssetClassifier classifier;
    private String host;
    private Duration readCoalesceInterval;
    private Duration pollInterval;
    private EventClock clock;
    private List<String> containerRoots;

    private Builder() {}

    /** Paths inside containers to watch (see {@link SensorConfig#containerRoots()}); empty turns container watching off. */
    public Builder setContainerRoots(List<String> roots) {
      List<String> copy = List.copyOf(roots);
      copy.forEach(SensorConfig::checkContainerRoot);
      this.containerRoots = copy;
      return this;
    }

    public Builder addRoot(Path root) {
      roots.add(Objects.requireNonNull(root, "root"));
      return this;
    }

    public Builder addDeviceNode(Path node) {
      deviceNodes.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    public Builder addDeviceNodes(List<Path> nodes) {
      nodes.forEach(this::addDeviceNode);
      return this;
    }

    public Builder setClassifier(AssetClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    public Builder setHost(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder setReadCoalesceInterval(Duration d) {
      checkPositive(Objects.requireNonNull(d, "readCoalesceInterval"), "readCoalesceInterval");
      this.readCoalesceInterval = d;
      return this;
    }

    public Builder setPollInterval(Duration d) {
      checkPositive(Objects.requireNonNull(d, "pollInterval"), "pollInterval");
      this.pollInterval = d;
      return this;
    }

    public Builder setClock(EventClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SensorConfig build() {
      return new SensorConfig(roots, deviceNodes, classifier, host, readCoalesceInterval, pollInterval, clock,
          containerRoots);
    }
  }
}
