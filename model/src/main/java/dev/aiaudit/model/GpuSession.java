package dev.aiaudit.model;

/**
 * A process's stay on one GPU: from the first sample that saw it holding memory there to the last.
 *
 * @param peakMemoryBytes most device memory held at any sample (-1 when NVML never said)
 * @param gpuSeconds seconds the process was on the GPU (sum of the intervals of the samples that saw it)
 * @param busyGpuSeconds {@code gpuSeconds} weighted by the process's SM utilisation, -1 when never reported
 * @param energyMj the process's share of the GPU's energy over its stay, -1 when unknown
 * @param samples samples that saw the process
 * @param endReason why the session ended: {@code exited} (gone from NVML's list), {@code gpu_lost}, {@code agent_stopped}
 */
public record GpuSession(long peakMemoryBytes, double gpuSeconds, double busyGpuSeconds, long energyMj, long samples,
    String endReason) {

  public GpuSession {
    java.util.Objects.requireNonNull(endReason, "endReason");
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1: " + samples);
    }
  }
}
