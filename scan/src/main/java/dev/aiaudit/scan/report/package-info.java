/**
 * Report writers for scan results: a terminal table, JSON (schema {@code schemas/scan-report.schema.json}),
 * JUnit XML for CI, a self-contained HTML page, and OSCAL assessment-results JSON. Entry point:
 * {@link dev.aiaudit.scan.report.ReportFormat#write}.
 */
package dev.aiaudit.scan.report;
