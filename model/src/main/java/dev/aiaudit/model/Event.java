package dev.aiaudit.model;

/**
 * An immutable, OCSF-shaped record born in a sensor. Every event has a time in ns since the epoch
 * and the host it was seen on; the concrete classes map to OCSF classes through {@link #classUid()}.
 */
public sealed interface Event permits FileEvent, SensorEvent, FindingEvent, ProcessEvent, AlertEvent, GpuEvent {

  /** Event time in ns since the epoch. */
  long timeNs();

  /** Host name the event was observed on. */
  String host();

  /**
   * The OCSF class uid (1001 File System Activity, 1007 Process Activity, 1008 Event Log Activity, 2003
   * Compliance Finding, 2004 Detection Finding, 1099 GPU Activity: an ai-audit class, OCSF has none for accelerator
   * telemetry).
   */
  int classUid();
}
