/**
 * An {@link dev.aiaudit.policy.EvaluationReport} in the shared report formats of {@code dev.aiaudit.report} (text,
 * JSON, JUnit XML, HTML, OSCAL assessment-results, OpenReports) through {@link dev.aiaudit.policy.report.PolicyReports},
 * the control roll-up per initiative, and the inventory as a CycloneDX 1.6 ML-BOM.
 */
package dev.aiaudit.policy.report;
