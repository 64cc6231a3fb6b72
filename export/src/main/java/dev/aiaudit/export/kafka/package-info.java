/**
 * Kafka: the agent's idempotent producer (acks=all, key = host, so each host's records stay in order on one
 * partition) and the collector's consumer for {@code ai-audit serve}. The only package that uses kafka-clients.
 */
package dev.aiaudit.export.kafka;
