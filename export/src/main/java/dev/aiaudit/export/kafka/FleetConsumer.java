package dev.aiaudit.export.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The collector's side of the topic: one member of a consumer group (several {@code serve} instances share the
 * partitions), auto-commit off. The caller stores a {@link Polled} and then {@link #commit}s it; when storing fails
 * it calls {@link #rewind}, so the same records come again (offsets are committed only after the database commit).
 */
public final class FleetConsumer implements AutoCloseable {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_PAYLOAD = 1 << 20;
  private static final int CHECKPOINT_SIZE = 128;

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;

  public FleetConsumer(String bootstrap, String topic, String group, int maxPollRecords, Map<String, String> extra) {
    this.topic = topic;
    Properties p = new Properties();
    p.putAll(extra);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ai-audit-serve");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
  }

  public String topic() {
    return topic;
  }

  /** One poll; an interrupt ends it empty with the thread's interrupt flag set. */
  public Polled poll(Duration timeout) {
    ConsumerRecords<byte[], byte[]> recs;
    try {
      recs = consumer.poll(timeout);
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
      return new Polled(List.of(), List.of(), List.of(), Map.of());
    }
    List<FleetRecord> ok = new ArrayList<>(recs.count());
    List<Polled.Malformed> bad = new ArrayList<>();
    List<FleetCheckpointRecord> checkpoints = new ArrayList<>();
    Map<Integer, Long> next = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : recs) {
      next.merge(r.partition(), r.offset() + 1, Math::max);
      if (KafkaRecordHeaders.TYPE_CHECKPOINT.equals(header(r, KafkaRecordHeaders.TYPE))) {
        String problem = checkpointProblem(r);
        if (problem != null) {
          bad.add(new Polled.Malformed(r.topic(), r.partition(), r.offset(), problem));
        } else {
          checkpoints.add(new FleetCheckpointRecord(new String(r.key(), StandardCharsets.UTF_8), r.value(),
              r.headers().lastHeader(KafkaRecordHeaders.PUBLIC_KEY).value(), r.partition(), r.offset()));
        }
        continue;
      }
      String problem = problem(r);
      if (problem != null) {
        bad.add(new Polled.Malformed(r.topic(), r.partition(), r.offset(), problem));
        continue;
      }
      ok.add(new FleetRecord(new String(r.key(), StandardCharsets.UTF_8), Long.parseLong(header(r, KafkaRecordHeaders.SEQ)),
          Long.parseLong(header(r, KafkaRecordHeaders.TIME_NS)), header(r, KafkaRecordHeaders.HASH),
          header(r, KafkaRecordHeaders.PREV_HASH), r.value(), r.partition(), r.offset()));
    }
    return new Polled(ok, bad, checkpoints, next);
  }

  /** Why a checkpoint record cannot be used, or null. The signature is checked by the caller. */
  static String checkpointProblem(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.key().length == 0 || r.key().length > 255) {
      return "checkpoint without a host key (or longer than 255 bytes)";
    }
    if (r.value() == null || r.value().length != CHECKPOINT_SIZE) {
      return "checkpoint value is not " + CHECKPOINT_SIZE + " bytes";
    }
    Header k = r.headers().lastHeader(KafkaRecordHeaders.PUBLIC_KEY);
    if (k == null || k.value() == null || k.value().length == 0 || k.value().length > 1024) {
      return "checkpoint header 'public_key' missing (or longer than 1024 bytes)";
    }
    return null;
  }

  /** Why the record cannot be used, or null. The payload itself is checked by the caller (decode and chain hash). */
  static String problem(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.key().length == 0 || r.key().length > 255) {
      return "no host key (or longer than 255 bytes)";
    }
    if (r.value() == null || r.value().length == 0 || r.value().length > MAX_PAYLOAD) {
      return "empty value (or larger than " + MAX_PAYLOAD + " bytes)";
    }
    for (String h : List.of(KafkaRecordHeaders.SEQ, KafkaRecordHeaders.TIME_NS)) {
      String v = header(r, h);
      if (v == null || !v.matches("\\d{1,19}")) {
        return "header '" + h + "' missing or not a number";
      }
      try {
        if (Long.parseLong(v) < (h.equals(KafkaRecordHeaders.SEQ) ? 1 : 0)) {
          return "header '" + h + "' out of range";
        }
      } catch (NumberFormatException e) {
        return "header '" + h + "' out of range";
      }
    }
    for (String h : List.of(KafkaRecordHeaders.HASH, KafkaRecordHeaders.PREV_HASH)) {
      String v = header(r, h);
      if (v == null || !HEX64.matcher(v).matches()) {
        return "header '" + h + "' missing or not 64 lower-case hex digits";
      }
    }
    return null;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
  }

  /**
   * Commits the offsets after the poll, synchronously (after the database transaction committed). False when the
   * group took the partitions away meanwhile (another {@code serve} joined or left): the records are stored, and their
   * new owner reads them again from the last committed offset, which stores nothing twice ({@code (host, seq)}).
   */
  public boolean commit(Polled p) {
    if (p.nextOffsets().isEmpty()) {
      return true;
    }
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    p.nextOffsets().forEach((part, off) -> m.put(new TopicPartition(topic, part), new OffsetAndMetadata(off)));
    try {
      consumer.commitSync(m);
      return true;
    } catch (org.apache.kafka.clients.consumer.CommitFailedException | org.apache.kafka.common.errors.RebalanceInProgressException e) {
      return false;
    }
  }

  /** Seeks every assigned partition back to its committed offset (or the beginning), so an unstored poll comes again. */
  public void rewind() {
    var assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata om = committed.get(tp);
      if (om == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, om.offset());
      }
    }
  }

  @Override
  public void close() {
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
