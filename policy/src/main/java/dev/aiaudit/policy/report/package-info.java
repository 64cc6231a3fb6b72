/**
 * Renderings of an {@link dev.aiaudit.policy.EvaluationReport}: text, native JSON, JUnit XML, HTML,
 * OSCAL assessment-results (with the minimal assessment plan it imports), OpenReports
 * ({@code openreports.io/v1alpha1} Report objects) and the inventory as a CycloneDX 1.6 ML-BOM.
 */
package dev.aiaudit.policy.report;
