/**
 * The queryable index of events: {@link dev.aiaudit.store.EventStore} (insert batches idempotently
 * by journal sequence number, query by time, asset kind, path glob, process, user, container and
 * activity), the query records, and the output formats of {@code ai-audit query} ({@link
 * dev.aiaudit.store.QueryOutput}). The index is rebuildable from the journal at any time; the
 * journal stays the system of record. The embedded DuckDB implementation lives in {@code
 * dev.aiaudit.store.duckdb}, the only package that touches DuckDB.
 */
package dev.aiaudit.store;
