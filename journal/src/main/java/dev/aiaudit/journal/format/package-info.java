/**
 * The journal's on-disk layout: the record flyweight ({@link dev.aiaudit.journal.format.JournalRecord}),
 * the segment header ({@link dev.aiaudit.journal.format.SegmentHeader}), the signed checkpoint entry
 * ({@link dev.aiaudit.journal.format.CheckpointEntry}) and a sequential segment reader that tells a torn
 * tail apart from corruption ({@link dev.aiaudit.journal.format.SegmentReader}). Each class documents its
 * layout with offsets as constants. All integers are big-endian.
 */
package dev.aiaudit.journal.format;
