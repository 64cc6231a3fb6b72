/** Load drivers that print tables: end-to-end ingest (journal + store); per-module drivers in subpackages. */
package dev.aiaudit.bench;
