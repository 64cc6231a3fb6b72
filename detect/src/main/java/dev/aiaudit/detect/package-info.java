/**
 * Detection: turns journaled records into alerts. {@link dev.aiaudit.detect.DetectionEngine} runs the
 * rule set ({@code .rules}), the stateful detectors ({@code .anomaly}) and the throttle
 * ({@code .alert}) over batches of {@link dev.aiaudit.model.RecordedEvent}s and returns alerts citing
 * them by seq + hash.
 */
package dev.aiaudit.detect;
