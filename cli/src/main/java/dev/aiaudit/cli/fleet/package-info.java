/** {@code ai-audit serve}: Kafka (export.kafka) into PostgreSQL (store.pg), checking each host's hash chain on the way. */
package dev.aiaudit.cli.fleet;
