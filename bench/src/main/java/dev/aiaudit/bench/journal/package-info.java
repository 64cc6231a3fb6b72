/** Journal append throughput driver ({@link dev.aiaudit.bench.journal.JournalAppendBench}). */
package dev.aiaudit.bench.journal;
