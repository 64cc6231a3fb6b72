/**
 * The tamper-evident journal, the system of record: {@link dev.aiaudit.journal.Journal} appends batches
 * of events to hash-chained segment files, makes them durable under a {@link
 * dev.aiaudit.journal.FsyncPolicy}, signs periodic checkpoints, and recovers from a crash by trimming only
 * a torn tail; {@link dev.aiaudit.journal.JournalVerifier} checks a whole journal and names the first
 * record that was altered, removed, reordered or truncated; {@link dev.aiaudit.journal.JournalSink} plugs
 * the journal into the pipeline. The on-disk layout lives in {@code dev.aiaudit.journal.format}.
 */
package dev.aiaudit.journal;
