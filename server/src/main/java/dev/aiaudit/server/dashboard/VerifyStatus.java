package dev.aiaudit.server.dashboard;

/**
 * The journal verification result as the dashboard shows it (the cli maps the journal's own result onto it).
 *
 * @param problem empty when ok; otherwise the first problem, naming the record and file
 */
public record VerifyStatus(boolean ok, long records, long checkpoints, long lastSeq, String lastHash, String problem) {}
