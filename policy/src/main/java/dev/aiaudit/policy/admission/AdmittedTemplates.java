package dev.aiaudit.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.inventory.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pod templates of workloads this webhook itself admitted, so that the objects their controllers create
 * (a ReplicaSet's pods, a CronJob's Jobs) can be judged with the annotations the owner was admitted with:
 * annotations on a Deployment's own metadata never reach its pods.
 *
 * <p>Never trusts the submitted object's word: the key is computed from what the object will run (its
 * namespace, service account, each container's name and image, and its accelerator totals), not from its
 * {@code ownerReferences}. A pod whose content matches no admitted template is judged on its own. Bounded
 * ({@link #DEFAULT_CAPACITY} entries, least recently used dropped first) and expiring ({@link #DEFAULT_TTL}
 * after the owner was last admitted). Thread-safe.
 */
public final class AdmittedTemplates {

  public static final int DEFAULT_CAPACITY = 4096;
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  public AdmittedTemplates(int capacity, Duration ttl, Clock clock) {
    if (capacity <= 0 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("capacity and ttl must be positive: " + capacity + ", " + ttl);
    }
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
  }

  public static AdmittedTemplates defaults() {
    return new AdmittedTemplates(DEFAULT_CAPACITY, DEFAULT_TTL, Clock.systemUTC());
  }

  /** Remembers the admitted workload {@code item} (an inventory item with a pod template). */
  void admitted(ObjectNode item) {
    String key = key(item);
    ObjectNode annotations = item.path("annotations").isObject()
        ? ((ObjectNode) item.get("annotations")).deepCopy() : Json.object();
    synchronized (lock) {
      entries.put(key, new Entry(item.path("id").asText(), annotations, clock.instant().plus(ttl)));
      while (entries.size() > capacity) {
        Iterator<String> eldest = entries.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
  }

  /** The admitted owner whose template runs exactly what {@code item} runs, if any and not expired. */
  Optional<Entry> match(ObjectNode item) {
    String key = key(item);
    Instant now = clock.instant();
    synchronized (lock) {
      Entry e = entries.get(key);
      if (e == null) {
        return Optional.empty();
      }
      if (!now.isBefore(e.expires())) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(e);
    }
  }

  public int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /**
   * SHA-256 over namespace, service account ({@code default} when unset, as the API server fills it in),
   * the sorted (name, image) pairs of the containers and the accelerator totals: what stays equal between a
   * workload's template and the pods made from it, after the API server's defaulting.
   */
  static String key(JsonNode item) {
    StringBuilder b = new StringBuilder();
    b.append(item.path("namespace").asText()).append('\n');
    String sa = item.path("serviceAccount").asText("");
    b.append(sa.isEmpty() ? "default" : sa).append('\n');
    List<String> containers = new ArrayList<>();
    for (JsonNode c : item.path("containers")) {
      containers.add(c.path("name").asText() + "\u0000" + c.path("image").asText());
    }
    containers.sort(null);
    containers.forEach(c -> b.append(c).append('\n'));
    Map<String, Long> acc = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.path("accelerators").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      acc.put(e.getKey(), e.getValue().asLong());
    }
    b.append(acc);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  /**
   * One admitted owner.
   *
   * @param ownerId inventory id of the admitted workload
   * @param annotations its annotations (template and own metadata) at admission
   * @param expires when the entry stops counting
   */
  record Entry(String ownerId, ObjectNode annotations, Instant expires) {}
}
