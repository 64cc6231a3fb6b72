package dev.aiaudit.model;

/**
 * One process's use of one GPU at one sample. Figures NVML does not report are -1.
 *
 * @param usedMemoryBytes device memory the process holds (-1 when NVML cannot say, e.g. without permission)
 * @param gpuInstanceId MIG GPU instance, -1 outside MIG
 * @param computeInstanceId MIG compute instance, -1 outside MIG
 * @param smUtilPct the process's SM utilisation over the period, -1 when not reported
 * @param memUtilPct the process's memory-bandwidth utilisation, -1 when not reported
 * @param type {@code compute}, {@code graphics} or {@code compute+graphics}
 * @param intervalNs time this sample stands for (since the GPU's previous sample), 0 for the first
 * @param energyMj this process's share of the GPU's energy over the interval, -1 when unknown
 */
public record GpuProcessUsage(
    long usedMemoryBytes,
    int gpuInstanceId,
    int computeInstanceId,
    int smUtilPct,
    int memUtilPct,
    String type,
    long intervalNs,
    long energyMj) {

  public GpuProcessUsage {
    java.util.Objects.requireNonNull(type, "type");
    if (intervalNs < 0) {
      throw new IllegalArgumentException("intervalNs must be >= 0: " + intervalNs);
    }
  }
}
