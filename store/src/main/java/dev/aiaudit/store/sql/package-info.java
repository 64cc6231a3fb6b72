/** SQL that both stores share: the query filters of {@code ai-audit query} for DuckDB and PostgreSQL. */
package dev.aiaudit.store.sql;
