/**
 * The AI deployment inventory: one JSON document per AI deployment, built from Kubernetes manifests
 * ({@link dev.aiaudit.policy.inventory.ManifestReader}), model metadata (Hugging Face model-card front
 * matter and CycloneDX ML-BOM {@code modelCard}, {@link dev.aiaudit.policy.inventory.ModelCards}) and host
 * discovery ({@link dev.aiaudit.policy.inventory.HostDiscovery} over {@link
 * dev.aiaudit.policy.inventory.HostObservation}s). {@link dev.aiaudit.policy.inventory.InventoryBuilder} is
 * the entry point; {@link dev.aiaudit.policy.inventory.CycloneDxExport} writes the inventory as a CycloneDX
 * 1.6 ML-BOM. The item shape is published as {@code schemas/inventory-item.schema.json}.
 */
package dev.aiaudit.policy.inventory;
