/**
 * Continuous evaluation of a manifest directory: {@link dev.aiaudit.policy.watch.ManifestWatcher} rebuilds the
 * inventory when files change, {@link dev.aiaudit.policy.watch.ComplianceTracker} compares each item's
 * compliance state with the previous one, and every change becomes a {@link
 * dev.aiaudit.policy.watch.ComplianceFinding} handed to a {@link dev.aiaudit.policy.watch.FindingSink}.
 */
package dev.aiaudit.policy.watch;
