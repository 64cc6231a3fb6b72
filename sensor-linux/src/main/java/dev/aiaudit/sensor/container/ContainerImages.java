package dev.aiaudit.sensor.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Container id → image, read-only from the container runtimes' own on-host metadata (no socket, no
 * API call, nothing written):
 *
 * <ul>
 *   <li>containerd (CRI): the OCI bundle {@code <tasks>/<namespace>/<id>/config.json}, annotations
 *       {@code io.kubernetes.cri.image-name} and {@code io.kubernetes.cri.image-ref};
 *   <li>CRI-O: {@code <run storage>/overlay-containers/<id>/userdata/config.json}, annotations
 *       {@code io.kubernetes.cri-o.ImageName} and {@code io.kubernetes.cri-o.ImageRef};
 *   <li>Docker: {@code <docker>/containers/<id>/config.v2.json}, {@code Config.Image} (the name as
 *       given) and {@code Image} (the image id, {@code sha256:...});
 *   <li>Podman (and CRI-O as a fallback): containers/storage's
 *       {@code <storage>/overlay-containers/containers.json}, the entry whose {@code id} matches,
 *       whose {@code metadata} string holds {@code image-name} and {@code image-id}.
 * </ul>
 *
 * <p>These files are treated as hostile input: the container id must be a plain name (no {@code /},
 * no {@code ..}); a file is read only when it is a regular file (a FIFO would block) whose real path
 * lies under the real path of its runtime root (no symlink escape), with {@code O_NOFOLLOW} on the
 * last component, up to a size cap (larger: refused, counted); JSON is parsed with Jackson under
 * tight {@link StreamReadConstraints}. Every refusal is counted ({@link #counters()}), never guessed
 * around: an unresolvable container yields {@link Optional#empty()}.
 *
 * <p>Answers are cached (bounded LRU; a found image for {@link #FOUND_TTL}, a miss for {@link
 * #MISS_TTL} so a container whose metadata appears a moment after its first process is retried).
 * A lookup reads at most a few small local files (tmpfs or the runtime's state directory); it is
 * meant for a consumer thread (detection), not the kernel-event reader. Thread-safe.
 */
public final class ContainerImages {
  /** How long a found image is cached (an id's image never changes; the bound is for memory). */
  public static final Duration FOUND_TTL = Duration.ofMinutes(30);
  /** How long a miss is cached before the files are read again. */
  public static final Duration MISS_TTL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ENTRIES = 4096;
  /** Cap on an OCI config.json / Docker config.v2.json. */
  public static final long MAX_CONFIG_BYTES = 4L << 20;
  /** Cap on containers/storage's containers.json (one entry per container on the host). */
  public static final long MAX_STORAGE_INDEX_BYTES = 32L << 20;
  /** At most this many containerd namespaces are probed. */
  static final int MAX_NAMESPACES = 64;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** An image: its name as the runtime recorded it and, when known, its digest or image id. */
  public record Image(String name, String digest, String source) {
    /** {@code name@digest}, or the name alone. */
    public String display() {
      return digest == null || name.contains(digest) ? name : name + "@" + digest;
    }
  }

  /**
   * Where each runtime keeps its state; a {@code null} or absent root is skipped.
   *
   * @param containerdTasks containerd's runtime v2 task dir (bundles per namespace)
   * @param containersRun containers/storage run root (CRI-O {@code userdata/config.json})
   * @param containersStorage containers/storage graph root ({@code overlay-containers/containers.json})
   * @param docker Docker's data root
   */
  public record Roots(List<Path> containerdTasks, Path containersRun, Path containersStorage, Path docker) {
    public Roots {
      containerdTasks = containerdTasks == null ? List.of() : List.copyOf(containerdTasks);
    }

    /** The runtimes' default locations (containerd, k3s's containerd, CRI-O/Podman rootful, Docker). */
    public static Roots defaults() {
      return new Roots(List.of(Path.of("/run/containerd/io.containerd.runtime.v2.task"),
          Path.of("/run/k3s/containerd/io.containerd.runtime.v2.task")),
          Path.of("/run/containers/storage"), Path.of("/var/lib/containers/storage"), Path.of("/var/lib/docker"));
    }
  }

  /** Lookup counters: what was found and every reason a lookup found nothing. */
  public record Counters(long lookups, long cacheHits, long found, long notFound, long refusedSymlink,
      long refusedTooLarge, long refusedNotRegular, long malformed, long badId, long ioErrors) {}

  private final Roots roots;
  private final LongSupplier nanoClock;
  private final int maxEntries;
  private final ObjectMapper json;
  private final Map<String, Cached> cache;
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong found = new AtomicLong();
  private final AtomicLong notFound = new AtomicLong();
  private final AtomicLong refusedSymlink = new AtomicLong();
  private final AtomicLong refusedTooLarge = new AtomicLong();
  private final AtomicLong refusedNotRegular = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong badId = new AtomicLong();
  private final AtomicLong ioErrors = new AtomicLong();

  private record Cached(Image image, long expiresNs) {}

  public ContainerImages(Roots roots, LongSupplier nanoClock, int maxEntries) {
    this.roots = roots;
    this.nanoClock = nanoClock;
    this.maxEntries = maxEntries;
    this.cache = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> e) {
        return size() > ContainerImages.this.maxEntries;
      }
    };
    JsonFactory f = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(64).maxNameLength(4096).build())
        .build();
    this.json = new ObjectMapper(f);
  }

  /** The runtimes' default roots, the system clock, {@link #DEFAULT_MAX_ENTRIES}. */
  public static ContainerImages system() {
    return new ContainerImages(Roots.defaults(), System::nanoTime, DEFAULT_MAX_ENTRIES);
  }

  /**
   * The image of a container.
   *
   * @param containerId the id from the cgroup path
   * @param runtime {@code containerd}, {@code cri-o}, {@code docker}, {@code podman}, or {@code null}
   *     (unknown: every runtime is tried)
   */
  public Optional<Image> lookup(String containerId, String runtime) {
    if (containerId == null) {
      return Optional.empty();
    }
    lookups.incrementAndGet();
    String key = containerId; // ids are unique across runtimes (64 hex); a process's runtime does not change
    long now = nanoClock.getAsLong();
    synchronized (cache) {
      Cached c = cache.get(key);
      if (c != null && now - c.expiresNs < 0) {
        cacheHits.incrementAndGet();
        return Optional.ofNullable(c.image);
      }
    }
    if (!ID.matcher(containerId).matches() || containerId.contains("..")) {
      badId.incrementAndGet(); // checked before any path is built; never cached
      return Optional.empty();
    }
    Image img = resolve(containerId, runtime);
    (img == null ? notFound : found).incrementAndGet();
    synchronized (cache) {
      cache.put(key, new Cached(img, now + (img == null ? MISS_TTL : FOUND_TTL).toNanos()));
    }
    return Optional.ofNullable(img);
  }

  public int cached() {
    synchronized (cache) {
      return cache.size();
    }
  }

  public Counters counters() {
    return new Counters(lookups.get(), cacheHits.get(), found.get(), notFound.get(), refusedSymlink.get(),
        refusedTooLarge.get(), refusedNotRegular.get(), malformed.get(), badId.get(), ioErrors.get());
  }

  private Image resolve(String id, String runtime) {
    boolean any = runtime == null;
    Image img = null;
    if (any || runtime.equals("containerd")) {
      img = containerd(id);
    }
    if (img == null && (any || runtime.equals("cri-o"))) {
      img = crio(id);
    }
    if (img == null && (any || runtime.equals("docker"))) {
      img = docker(id);
    }
    if (img == null && (any || runtime.equals("podman") || runtime.equals("cri-o"))) {
      img = containersStorage(id);
    }
    return img;
  }

  private Image containerd(String id) {
    for (Path tasks : roots.containerdTasks()) {
      if (!Files.isDirectory(tasks, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> namespaces = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
        for (Path ns : ds) {
          if (namespaces.size() >= MAX_NAMESPACES) {
            break;
          }
          namespaces.add(ns);
        }
      } catch (IOException e) {
        ioErrors.incrementAndGet();
        continue;
      }
      namespaces.sort(null); // k8s.io before moby etc.: deterministic
      for (Path ns : namespaces) {
        JsonNode cfg = readJson(tasks, ns.resolve(id).resolve("config.json"), MAX_CONFIG_BYTES);
        if (cfg == null) {
          continue;
        }
        JsonNode a = cfg.path("annotations");
        String name = text(a, "io.kubernetes.cri.image-name");
        if (name == null) {
          continue; // a non-CRI bundle (nerdctl, ctr run) carries no image name; not guessed
        }
        return new Image(name, digest(text(a, "io.kubernetes.cri.image-ref")), "containerd");
      }
    }
    return null;
  }

  private Image crio(String id) {
    Path run = roots.containersRun();
    if (run == null) {
      return null;
    }
    JsonNode cfg = readJson(run, run.resolve("overlay-containers").resolve(id).resolve("userdata").resolve("config.json"),
        MAX_CONFIG_BYTES);
    if (cfg == null) {
      return null;
    }
    JsonNode a = cfg.path("annotations");
    String name = text(a, "io.kubernetes.cri-o.ImageName");
    return name == null ? null : new Image(name, digest(text(a, "io.kubernetes.cri-o.ImageRef")), "cri-o");
  }

  private Image docker(String id) {
    Path root = roots.docker();
    if (root == null) {
      return null;
    }
    JsonNode cfg = readJson(root, root.resolve("containers").resolve(id).resolve("config.v2.json"), MAX_CONFIG_BYTES);
    if (cfg == null) {
      return null;
    }
    String name = text(cfg.path("Config"), "Image");
    return name == null ? null : new Image(name, digest(text(cfg, "Image")), "docker");
  }

  /** containers/storage's index: streamed, each entry parsed alone, the first with the id wins. */
  private Image containersStorage(String id) {
    Path root = roots.containersStorage();
    if (root == null) {
      return null;
    }
    Path index = root.resolve("overlay-containers").resolve("containers.json");
    byte[] bytes = readCapped(root, index, MAX_STORAGE_INDEX_BYTES);
    if (bytes == null) {
      return null;
    }
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        malformed.incrementAndGet();
        return null;
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        JsonNode entry = json.readTree(p);
        if (!id.equals(text(entry, "id"))) {
          continue;
        }
        String meta = text(entry, "metadata");
        if (meta == null) {
          return null;
        }
        JsonNode m;
        try (JsonParser mp = json.createParser(meta)) {
          m = json.readTree(mp);
        }
        String name = m == null ? null : text(m, "image-name");
        if (name == null) {
          return null;
        }
        String d = digest(text(m, "image-id"));
        if (d == null) {
          d = digest(text(entry, "image"));
        }
        return new Image(name, d, "containers-storage");
      }
      return null;
    } catch (IOException e) {
      malformed.incrementAndGet();
      return null;
    }
  }

  private JsonNode readJson(Path root, Path file, long cap) {
    byte[] bytes = readCapped(root, file, cap);
    if (bytes == null) {
      return null;
    }
    try {
      JsonNode n = json.readTree(bytes);
      if (n == null || !n.isObject()) {
        malformed.incrementAndGet();
        return null;
      }
      return n;
    } catch (IOException e) {
      malformed.incrementAndGet();
      return null;
    }
  }

  /**
   * The file's bytes, or {@code null} (absent: silently; refused or unreadable: counted). Checks: a
   * regular file (not followed), its real path under the root's real path, at most {@code cap} bytes
   * (also while reading, in case it grows); opened with {@code O_NOFOLLOW}.
   */
  private byte[] readCapped(Path root, Path file, long cap) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      ioErrors.incrementAndGet();
      return null;
    }
    if (attrs.isSymbolicLink()) {
      refusedSymlink.incrementAndGet();
      return null;
    }
    if (!attrs.isRegularFile()) {
      refusedNotRegular.incrementAndGet();
      return null;
    }
    if (attrs.size() > cap) {
      refusedTooLarge.incrementAndGet();
      return null;
    }
    try {
      Path realRoot = root.toRealPath();
      if (!file.toRealPath().startsWith(realRoot)) {
        refusedSymlink.incrementAndGet(); // a directory on the way is a link out of the runtime's tree
        return null;
      }
      try (InputStream in = Channels.newInputStream(
          Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(attrs.size() + 1, cap + 1));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          if (total > cap) {
            refusedTooLarge.incrementAndGet();
            return null;
          }
          out.write(buf, 0, n);
        }
        return out.toByteArray();
      }
    } catch (NoSuchFileException e) {
      return null; // the container went away between the checks
    } catch (IOException e) {
      ioErrors.incrementAndGet();
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      return null;
    }
    String s = v.asText().strip();
    return s.isEmpty() || s.length() > 1024 ? null : s;
  }

  /** The {@code sha256:<64 hex>} inside an image ref or id ({@code repo@sha256:...}, {@code sha256:...}, bare hex). */
  static String digest(String ref) {
    if (ref == null) {
      return null;
    }
    var m = DIGEST.matcher(ref);
    if (m.find()) {
      return m.group();
    }
    return ref.matches("[0-9a-f]{64}") ? "sha256:" + ref : null;
  }
}
