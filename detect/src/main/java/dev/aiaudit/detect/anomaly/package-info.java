/**
 * Stateful detectors (first-seen pairs, volume baseline, rare time of day, rare lineage) with an
 * injected clock, bounded state, persistence and a learning period.
 */
package dev.aiaudit.detect.anomaly;
