package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups host observations by pod, else container, else executable, and merges them into the declared
 * inventory. A group belongs to a declared item when (1) the observation names its pod and the pod is the
 * item itself (a Pod of that name) or one of its pods ({@code <name>-...} in the same namespace), or (2) a
 * weight file lies under the item's {@code ai-audit.io/model-path}. Matched items get an {@code observed}
 * block; unmatched groups become shadow items ({@code declared: false}) when they opened model weights and a
 * GPU device (or either, with {@code shadowOnEither}).
 */
public final class HostDiscovery {

  private final boolean shadowOnEither;

  public HostDiscovery(boolean shadowOnEither) {
    this.shadowOnEither = shadowOnEither;
  }

  /** The observations grouped by {@link HostObservation#groupKey()}, in first-seen order. */
  public static Map<String, List<HostObservation>> group(List<HostObservation> observations) {
    Map<String, List<HostObservation>> groups = new LinkedHashMap<>();
    for (HostObservation o : observations) {
      groups.computeIfAbsent(o.groupKey(), k -> new ArrayList<>()).add(o);
    }
    return groups;
  }

  /** The declared items (copied, with {@code observed} where matched) followed by the shadow items. */
  public List<ObjectNode> merge(List<ObjectNode> declared, List<HostObservation> observations) {
    List<ObjectNode> items = new ArrayList<>();
    declared.forEach(i -> items.add(i.deepCopy()));
    Map<ObjectNode, ObservedBlock> matched = new java.util.IdentityHashMap<>();
    List<ObjectNode> shadows = new ArrayList<>();
    for (List<HostObservation> group : group(observations).values()) {
      ObjectNode target = match(items, group);
      if (target != null) {
        group.forEach(matched.computeIfAbsent(target, t -> new ObservedBlock())::add);
        continue;
      }
      ObservedBlock block = new ObservedBlock();
      group.forEach(block::add);
      if (shadowOnEither ? block.hasWeights() || block.hasGpu() : block.hasWeights() && block.hasGpu()) {
        shadows.add(shadowItem(group.getFirst(), block));
      }
    }
    matched.forEach((item, block) -> item.set("observed", block.toJson()));
    items.addAll(shadows);
    return items;
  }

  private static ObjectNode match(List<ObjectNode> items, List<HostObservation> group) {
    ObjectNode best = null;
    for (HostObservation o : group) {
      if (o.podName() == null) {
        continue;
      }
      for (ObjectNode item : items) {
        if (ownsPod(item, o.podName(), o.namespace())
            && (best == null || item.path("name").asText().length() > best.path("name").asText().length())) {
          best = item;
        }
      }
      if (best != null) {
        return best;
      }
    }
    for (HostObservation o : group) {
      if (!HostObservation.MODEL_WEIGHTS.equals(o.assetKind())) {
        continue;
      }
      for (ObjectNode item : items) {
        String modelPath = Json.text(item.path("model"), "path");
        boolean sameNs = o.namespace() == null || o.namespace().equals(item.path("namespace").asText());
        if (modelPath != null && sameNs && o.path().startsWith(modelPath)) {
          return item;
        }
      }
    }
    return null;
  }

  static boolean ownsPod(JsonNode item, String podName, String namespace) {
    String name = Json.text(item, "name");
    if (name == null || !item.path("declared").asBoolean(false)
        || (namespace != null && !namespace.equals(item.path("namespace").asText()))) {
      return false;
    }
    return "Pod".equals(Json.text(item, "kind")) ? podName.equals(name) : podName.startsWith(name + "-");
  }

  private static ObjectNode shadowItem(HostObservation first, ObservedBlock block) {
    ObjectNode item = Json.object();
    String key = first.podUid() != null && !first.podUid().isBlank() ? first.podUid()
        : first.containerId() != null && !first.containerId().isBlank() ? first.containerId()
        : first.exe();
    item.put("id", "host:" + key);
    item.put("declared", false);
    item.putObject("source").put("type", "host-discovery");
    String group = first.groupKey();
    item.put("kind", group.startsWith("pod/") ? "Pod" : group.startsWith("container/") ? "Container" : "Process");
    Json.putIfPresent(item, "name", first.podName());
    Json.putIfPresent(item, "namespace", first.namespace());
    item.set("observed", block.toJson());
    return item;
  }
}
