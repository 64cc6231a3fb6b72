/**
 * The embedded DuckDB index: one table {@code events} with a column per queried field, loaded with
 * DuckDB's Appender, queried with prepared statements. The only package that imports {@code
 * org.duckdb} or speaks SQL; callers reach it through {@link dev.aiaudit.store.EventStore}.
 */
package dev.aiaudit.store.duckdb;
