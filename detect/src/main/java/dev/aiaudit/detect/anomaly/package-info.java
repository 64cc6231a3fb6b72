/** Stateful detectors (first-seen pairs) with an injected clock, bounded state, persistence and a learning period. */
package dev.aiaudit.detect.anomaly;
