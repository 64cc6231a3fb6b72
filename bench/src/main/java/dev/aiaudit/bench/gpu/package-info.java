/** GPU telemetry: the cost of one NVML sampling round (through the upcall-stub emulator) and the records it makes. */
package dev.aiaudit.bench.gpu;
