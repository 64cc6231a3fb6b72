package dev.aiaudit.model;

import java.util.Objects;

/**
 * One GPU as NVML names it.
 *
 * @param index NVML device index on this host (0-based)
 * @param uuid the GPU's UUID ({@code GPU-...}); stable across reboots and re-enumeration
 * @param name product name ({@code NVIDIA H100 80GB HBM3}), or {@code null} when NVML would not say
 * @param pciBusId PCI bus id ({@code 00000000:17:00.0}), or {@code null}
 * @param migEnabled the GPU runs in MIG (Multi-Instance GPU) mode
 */
public record GpuDevice(int index, String uuid, String name, String pciBusId, boolean migEnabled) {
  public GpuDevice {
    Objects.requireNonNull(uuid, "uuid");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
  }
}
