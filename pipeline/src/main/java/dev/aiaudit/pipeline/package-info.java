/**
 * The sink contract every stage speaks ({@link dev.aiaudit.pipeline.EventSink}), batching with a
 * bounded queue that never blocks the producer and counts every drop ({@link
 * dev.aiaudit.pipeline.BatchingSink}), composition, and pipeline statistics.
 */
package dev.aiaudit.pipeline;
