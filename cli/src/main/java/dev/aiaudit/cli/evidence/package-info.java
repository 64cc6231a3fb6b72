/**
 * Evidence packs for auditors: a signed zip of scan and policy reports (OSCAL + HTML), alerts, the journal's
 * verification result and the journal records behind them, built by {@code ai-audit evidence} and by the dashboard's
 * {@code GET /api/v1/evidence}, and checked offline by {@code ai-audit verify --pack}. Lives in the cli because it
 * reads the journal (raw records, signing key), which only the cli may import; the server reaches it through
 * {@code dev.aiaudit.server.dashboard.EvidenceExport}.
 */
package dev.aiaudit.cli.evidence;
