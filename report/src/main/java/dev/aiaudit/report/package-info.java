/**
 * One set of report writers for every producer of {@link dev.aiaudit.model.Finding}s (the scanner, the policy
 * engine): an {@link dev.aiaudit.report.Assessment} of {@link dev.aiaudit.report.Section}s written as text, JSON,
 * JUnit XML, a self-contained HTML page, OSCAL assessment-results or OpenReports. Entry point:
 * {@link dev.aiaudit.report.ReportFormat#write}. Identifiers are RFC 4122 version-5 UUIDs ({@link dev.aiaudit.report.Uuids}).
 */
package dev.aiaudit.report;
