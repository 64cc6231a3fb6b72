/**
 * GPU telemetry through NVML, reached with FFM (no JNI, no C): {@link dev.aiaudit.sensor.gpu.Nvml} binds
 * {@code libnvidia-ml.so.1} (or any {@link java.lang.foreign.SymbolLookup}, e.g. {@link
 * dev.aiaudit.sensor.gpu.NvmlEmulator}'s upcall stubs), {@link dev.aiaudit.sensor.gpu.GpuSampler} turns one sampling
 * round into {@link dev.aiaudit.model.GpuEvent}s (per GPU, per process, per process session) attributed through the
 * same process information as file events, and {@link dev.aiaudit.sensor.gpu.GpuTelemetry} runs it on an interval.
 * NVIDIA only: AMD (ROCm SMI), Intel and other accelerators are not read here; their device-node opens are still
 * recorded by the file sensor.
 */
package dev.aiaudit.sensor.gpu;
