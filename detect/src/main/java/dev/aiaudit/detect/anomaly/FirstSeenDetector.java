package dev.aiaudit.detect.anomaly;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * First-seen: a (who, asset) pair never seen before, after a learning period. The asset of a weights
 * or training-data file is its directory (a model or a data set is a directory of shards); of a GPU
 * device node, the node. During learning every pair is remembered silently; afterwards a new pair
 * alerts once and is remembered. State is bounded ({@code maxKeys}): when full, new pairs still
 * alert but are not remembered, and {@link #overflowed()} counts them.
 *
 * <p>Three instances are configured by default: (exe, asset), (user, asset) and (container image,
 * asset). The image of the acting process's container comes from an injected {@link ImageLookup}
 * (the runtimes' on-host metadata); the key is the image <em>name</em> (a new digest of the same
 * name is a rollout, not a new workload; the digest is cited in the alert). A process outside any
 * container has no image key; one in a container whose image cannot be told has none either, and is
 * counted ({@link #unknownImage()}), never guessed.
 */
public final class FirstSeenDetector implements Detector {
  public static final Duration DEFAULT_LEARNING = Duration.ofHours(24);
  public static final int DEFAULT_MAX_KEYS = 200_000;

  private final String id;
  private final String who;
  private final Function<FileEvent, String> key;
  private final Duration learning;
  private final int maxKeys;
  private final Set<String> seen = new HashSet<>();
  private final ImageLookup images;
  private long learningStartNs = -1;
  private long overflowed;
  private long unknownImage;

  private FirstSeenDetector(String id, String who, Function<FileEvent, String> key, Duration learning, int maxKeys) {
    this(id, who, key, learning, maxKeys, null);
  }

  private FirstSeenDetector(String id, String who, Function<FileEvent, String> key, Duration learning, int maxKeys,
      ImageLookup images) {
    this.id = id;
    this.who = who;
    this.key = key;
    this.learning = learning;
    this.maxKeys = maxKeys;
    this.images = images;
  }

  /** (executable, asset) pairs. */
  public static FirstSeenDetector exeAsset(Duration learning, int maxKeys) {
    return new FirstSeenDetector("first-seen-exe-asset", "executable",
        f -> f.process().exe() == null ? null : f.process().exe(), learning, maxKeys);
  }

  /** (user, asset) pairs. */
  public static FirstSeenDetector userAsset(Duration learning, int maxKeys) {
    return new FirstSeenDetector("first-seen-user-asset", "user",
        f -> f.process().uid() < 0 ? null : f.process().user() != null ? f.process().user() : "uid " + f.process().uid(),
        learning, maxKeys);
  }

  /**
   * (container image, asset) pairs: the image name of the acting process's container, from {@code
   * images}; processes outside containers are not judged, unknown images are counted.
   */
  public static FirstSeenDetector imageAsset(Duration learning, int maxKeys, ImageLookup images) {
    return new FirstSeenDetector("first-seen-image-asset", "container image", null, learning, maxKeys,
        java.util.Objects.requireNonNull(images, "images"));
  }

  @Override
  public String id() {
    return id;
  }

  /** The asset a file record touches, or {@code null} when it is not an AI asset. */
  static String asset(FileEvent f) {
    if (f.asset() == AssetKind.GPU_DEVICE) {
      return f.path();
    }
    if (f.asset() == AssetKind.MODEL_WEIGHTS || f.asset() == AssetKind.TRAINING_DATA) {
      int i = f.path().lastIndexOf('/');
      return i <= 0 ? "/" : f.path().substring(0, i);
    }
    return null;
  }

  @Override
  public void observe(RecordedEvent r, long nowNs, Consumer<AlertEvent> out) {
    if (!(r.event() instanceof FileEvent f)) {
      return;
    }
    String asset = asset(f);
    if (asset == null) {
      return;
    }
    ImageLookup.Image image = null;
    String subject;
    if (images != null) {
      if (f.process().containerId() == null) {
        return; // not in a container: no image key
      }
      image = images.image(f.process().containerId(), f.process().containerRuntime()).orElse(null);
      if (image == null) {
        unknownImage++;
        return;
      }
      subject = image.name();
    } else {
      subject = key.apply(f);
    }
    if (subject == null) {
      return;
    }
    if (learningStartNs < 0) {
      learningStartNs = nowNs;
    }
    String pair = subject + '\t' + asset;
    if (seen.contains(pair)) {
      return;
    }
    boolean learningDone = nowNs - learningStartNs >= learning.toNanos();
    if (seen.size() < maxKeys) {
      seen.add(pair);
    } else {
      overflowed++;
    }
    if (!learningDone) {
      return;
    }
    String title = image == null ? "First " + who + " to touch " + f.asset().id() + " " + asset
        : "First container image " + subject + " to touch " + f.asset().id() + " " + asset;
    out.accept(new AlertEvent(nowNs, f.host(), id, title,
        "The pair (" + who + ", asset) was never seen since learning began " + Duration.ofNanos(nowNs - learningStartNs).toHours()
            + " h ago; a new reader of weights or data is worth a look.",
        AlertSeverity.LOW, List.of("T1005", "nist-ai-rmf:MS-2.7", "eu-ai-act:art-15"),
        List.of(AlertEvent.Citation.of(r)), subject + "|" + asset, 0,
        observed(subject, image, f), "detector",
        new AlertEvent.Measure("first_seen", 0, 1, 0)));
  }

  private static String observed(String subject, ImageLookup.Image image, FileEvent f) {
    String who = image == null ? subject
        : "image " + subject + (image.digest() == null ? "" : " (" + image.digest() + ")") + " container "
            + f.process().containerId();
    return who + " " + f.activity().id() + " " + f.path() + " (pid " + f.process().pid() + ")";
  }

  public int size() {
    return seen.size();
  }

  public long overflowed() {
    return overflowed;
  }

  /** File records from a container whose image could not be told (no key, no alert). */
  public long unknownImage() {
    return unknownImage;
  }

  /** Whether the learning period is over at {@code nowNs}. */
  public boolean learned(long nowNs) {
    return learningStartNs >= 0 && nowNs - learningStartNs >= learning.toNanos();
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(id + ".tsv");
    Path tmp = dir.resolve("." + id + ".tsv.tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("# ai-audit first-seen v1 learning_start_ns=" + learningStartNs + "\n");
      for (String p : seen) {
        w.write(escape(p));
        w.write('\n');
      }
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void load(Path dir) throws IOException {
    Path f = dir.resolve(id + ".tsv");
    if (!Files.isRegularFile(f)) {
      return;
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().startsWith("# ai-audit first-seen v1 learning_start_ns=")) {
      throw new IOException(f + ": not a first-seen state file (first line must be '# ai-audit first-seen v1 ...')");
    }
    try {
      learningStartNs = Long.parseLong(lines.getFirst().substring(lines.getFirst().indexOf('=') + 1).trim());
    } catch (NumberFormatException e) {
      throw new IOException(f + ":1: learning_start_ns is not a number", e);
    }
    seen.clear();
    for (int i = 1; i < lines.size() && seen.size() < maxKeys; i++) {
      seen.add(unescape(lines.get(i)));
    }
  }

  /** Newlines and backslashes escaped so one pair is one line (the tab separator stays). */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
