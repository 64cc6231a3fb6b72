/**
 * Public API of the AI-governance policy engine: Azure-Policy-shaped definitions and initiatives
 * ({@link dev.aiaudit.policy.PolicyLibrary}), the engine that evaluates inventory items against them
 * ({@link dev.aiaudit.policy.PolicyEngine}), compliance states, the runtime-evidence contract
 * ({@link dev.aiaudit.policy.EvidenceSource}), attestations and exemptions.
 *
 * <p>Everything is non-null unless documented otherwise.
 */
package dev.aiaudit.policy;
