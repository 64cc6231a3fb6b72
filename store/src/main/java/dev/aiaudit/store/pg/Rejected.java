package dev.aiaudit.store.pg;

/** A Kafka record {@code serve} could not read, kept with where it was. */
public record Rejected(String topic, int partition, long offset, String problem) {}
