/** Durable per-sink cursors: the last journal seq (and its chain hash) a sink acknowledged. */
package dev.aiaudit.export.cursor;
