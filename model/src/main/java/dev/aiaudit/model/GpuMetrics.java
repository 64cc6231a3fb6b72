package dev.aiaudit.model;

/**
 * What NVML reported for one GPU at one sample. A figure the GPU does not support (NVML
 * {@code NOT_SUPPORTED}) or would not give is -1.
 *
 * @param utilGpuPct percent of the sample period a kernel ran on the GPU
 * @param utilMemoryPct percent of the period device memory was read or written
 * @param memoryUsedBytes device memory in use
 * @param memoryTotalBytes device memory installed
 * @param powerMw power draw in milliwatts
 * @param energyMj total energy since the driver loaded, in millijoules (a counter)
 * @param temperatureC GPU core temperature in °C
 * @param smClockMhz current SM clock
 * @param memClockMhz current memory clock
 * @param eccUncorrected volatile uncorrected ECC errors since the driver loaded
 * @param energyIntervalMj energy used since the previous sample of this GPU (counter delta, or power × time when the
 *     GPU has no energy counter), -1 for the first sample
 * @param intervalNs time since the previous sample of this GPU, 0 for the first
 */
public record GpuMetrics(
    int utilGpuPct,
    int utilMemoryPct,
    long memoryUsedBytes,
    long memoryTotalBytes,
    long powerMw,
    long energyMj,
    int temperatureC,
    int smClockMhz,
    int memClockMhz,
    long eccUncorrected,
    long energyIntervalMj,
    long intervalNs) {

  public GpuMetrics {
    if (intervalNs < 0) {
      throw new IllegalArgumentException("intervalNs must be >= 0: " + intervalNs);
    }
  }
}
