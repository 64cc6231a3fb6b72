package dev.aiaudit.policy.inventory;

import java.util.List;
import java.util.Set;

/**
 * Which Kubernetes extended resources count as accelerators. The default covers NVIDIA (including MIG
 * slices such as {@code nvidia.com/mig-1g.10gb}), AMD, Intel and Habana devices; more names can be added.
 */
public record AcceleratorResources(Set<String> names, List<String> prefixes) {

  public static final AcceleratorResources DEFAULT =
      new AcceleratorResources(
          Set.of("nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/i915", "gpu.intel.com/xe",
              "habana.ai/gaudi", "google.com/tpu", "aws.amazon.com/neuron"),
          List.of("nvidia.com/mig-"));

  public AcceleratorResources {
    names = Set.copyOf(names);
    prefixes = List.copyOf(prefixes);
  }

  /** The default set plus the given resource names (e.g. {@code example.com/npu}). */
  public static AcceleratorResources withExtra(List<String> extra) {
    java.util.HashSet<String> all = new java.util.HashSet<>(DEFAULT.names);
    all.addAll(extra);
    return new AcceleratorResources(all, DEFAULT.prefixes);
  }

  public boolean isAccelerator(String resourceName) {
    return names.contains(resourceName) || prefixes.stream().anyMatch(resourceName::startsWith);
  }
}
