package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one Kubernetes object (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet) into an
 * inventory item: identity, labels, annotations, replicas, service account, accelerators, containers and the
 * {@code model}/{@code ai} blocks read from {@code ai-audit.io/...} annotations. Other kinds give empty.
 */
public final class WorkloadExtractor {

  public static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet");

  private final AcceleratorResources accelerators;

  public WorkloadExtractor(AcceleratorResources accelerators) {
    this.accelerators = accelerators;
  }

  /**
   * The item for {@code object}, whether or not it is an AI deployment (see {@link #isAiDeployment}); empty
   * for a kind that runs no pods.
   *
   * @param source the {@code source} block to attach (null for none)
   */
  public Optional<ObjectNode> extract(JsonNode object, ObjectNode source) {
    String kind = Json.text(object, "kind");
    if (kind == null || !WORKLOAD_KINDS.contains(kind)) {
      return Optional.empty();
    }
    JsonNode meta = object.path("metadata");
    String name = Json.text(meta, "name");
    if (name == null) {
      name = Json.text(meta, "generateName");
    }
    String namespace = Optional.ofNullable(Json.text(meta, "namespace")).orElse("default");
    JsonNode template = podTemplate(kind, object.path("spec"));
    JsonNode podSpec = kind.equals("Pod") ? object.path("spec") : template.path("spec");

    ObjectNode item = Json.object();
    item.put("id", "k8s:" + namespace + "/" + kind + "/" + name);
    item.put("declared", true);
    Json.putIfPresent(item, "source", source);
    item.put("kind", kind);
    Json.putIfPresent(item, "name", name);
    item.put("namespace", namespace);
    Json.putIfPresent(item, "labels", merged(template.path("metadata").path("labels"), meta.path("labels")));
    ObjectNode annotations = merged(template.path("metadata").path("annotations"), meta.path("annotations"));
    Json.putIfPresent(item, "annotations", annotations);
    replicas(kind, object.path("spec")).ifPresent(r -> item.put("replicas", r));
    Json.putIfPresent(item, "serviceAccount", Json.text(podSpec, "serviceAccountName"));
    Json.putIfPresent(item, "accelerators", acceleratorTotals(podSpec));
    Json.putIfPresent(item, "containers", containers(podSpec));
    Json.putIfPresent(item, "model", AnnotationBlocks.model(annotations));
    Json.putIfPresent(item, "ai", AnnotationBlocks.ai(annotations));
    return Optional.of(item);
  }

  /** An accelerator is requested, or an {@code ai-audit.io/} label or annotation is present. */
  public static boolean isAiDeployment(JsonNode item) {
    if (!item.path("accelerators").isEmpty()) {
      return true;
    }
    return hasOurKey(item.path("labels")) || hasOurKey(item.path("annotations"));
  }

  private static boolean hasOurKey(JsonNode map) {
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith(Annotations.PREFIX)) {
        return true;
      }
    }
    return false;
  }

  static JsonNode podTemplate(String kind, JsonNode spec) {
    return switch (kind) {
      case "CronJob" -> spec.path("jobTemplate").path("spec").path("template");
      case "Pod" -> Json.object();
      default -> spec.path("template");
    };
  }

  private static Optional<Integer> replicas(String kind, JsonNode spec) {
    return switch (kind) {
      case "Deployment", "StatefulSet", "ReplicaSet" -> Optional.of(spec.path("replicas").asInt(1));
      case "Job" -> Optional.of(spec.path("parallelism").asInt(1));
      case "CronJob" -> Optional.of(spec.path("jobTemplate").path("spec").path("parallelism").asInt(1));
      case "Pod" -> Optional.of(1);
      default -> Optional.empty(); // DaemonSet: one per matching node
    };
  }

  /** Pod-template keys first, the workload's own keys win. */
  private static ObjectNode merged(JsonNode templateMap, JsonNode ownMap) {
    ObjectNode out = Json.object();
    for (JsonNode map : new JsonNode[] {templateMap, ownMap}) {
      for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /** Per accelerator resource, the sum over containers of max(limit, request); init containers count too. */
  private ObjectNode acceleratorTotals(JsonNode podSpec) {
    ObjectNode totals = Json.object();
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode c : podSpec.path(list)) {
        JsonNode res = c.path("resources");
        java.util.Map<String, Long> perContainer = new java.util.TreeMap<>();
        for (String part : new String[] {"limits", "requests"}) {
          for (Iterator<Map.Entry<String, JsonNode>> it = res.path(part).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (accelerators.isAccelerator(e.getKey())) {
              perContainer.merge(e.getKey(), quantity(e.getValue()), Math::max);
            }
          }
        }
        perContainer.forEach((k, v) -> totals.put(k, totals.path(k).asLong(0) + v));
      }
    }
    return totals;
  }

  private static long quantity(JsonNode v) {
    try {
      return v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
    } catch (NumberFormatException e) {
      return 1; // extended resources are integers; an odd value still means "requested"
    }
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode containers(JsonNode podSpec) {
    var out = Json.array();
    for (JsonNode c : podSpec.path("containers")) {
      ObjectNode o = out.addObject();
      Json.putIfPresent(o, "name", Json.text(c, "name"));
      Json.putIfPresent(o, "image", Json.text(c, "image"));
      ObjectNode res = Json.object();
      Json.putIfPresent(res, "limits", c.path("resources").path("limits").deepCopy());
      Json.putIfPresent(res, "requests", c.path("resources").path("requests").deepCopy());
      Json.putIfPresent(o, "resources", res);
      Json.putIfPresent(o, "securityContext", c.path("securityContext").deepCopy());
    }
    return out;
  }
}
