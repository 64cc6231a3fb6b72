/**
 * The fleet store: PostgreSQL for {@code ai-audit serve}. Records of every host keyed by (host, seq), each host's
 * chain head, chain findings and rejected Kafka records; schema migrations versioned in {@code schema_migrations}.
 * The only package that uses the PostgreSQL driver.
 */
package dev.aiaudit.store.pg;
