package dev.aiaudit.export.kafka;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.export.CheckpointTransport;
import dev.aiaudit.export.SignedCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An idempotent, transactional producer ({@code acks=all}, {@code enable.idempotence=true}, one transaction per
 * batch); key = host. A batch is acknowledged when every record's send completed and the transaction committed, all
 * within the sink's timeout (a broker outage is a failed attempt, never a call that waits for the broker); after a
 * failure the producer is closed and made again on the next batch
 * (the {@link dev.aiaudit.export.Exporter} re-sends from its cursor, so a duplicate carries the same seq and hash).
 */
public final class KafkaTransport implements CheckpointTransport {
  private final String bootstrap;
  private final String topic;
  private final Duration timeout;
  private final Map<String, Object> extra;
  private final String transactionalId;
  private KafkaProducer<byte[], byte[]> producer;

  /** As below, with a transactional id of this process's own (atomic batches, no fencing across restarts). */
  public KafkaTransport(String bootstrap, String topic, Duration timeout, Map<String, String> extra) {
    this(bootstrap, topic, timeout, extra, "ai-audit-export-" + java.util.UUID.randomUUID());
  }

  /**
   * @param extra additional producer properties (security, client.id, compression.type ...)
   * @param transactionalId the producer's transactional id: each batch is one Kafka transaction, so a batch is
   *     visible to {@code read_committed} consumers ({@code serve}) whole or not at all. Without it, a batch whose
   *     first records failed and whose later records were written would be sent again after those later records,
   *     out of order on the host's partition (seen in FleetTest's broker restart). One id per host and sink also
   *     fences a previous instance of the same agent.
   */
  public KafkaTransport(String bootstrap, String topic, Duration timeout, Map<String, String> extra, String transactionalId) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.timeout = timeout;
    this.extra = new HashMap<>(extra);
    this.transactionalId = transactionalId;
  }

  Map<String, Object> producerConfig() {
    Map<String, Object> p = new HashMap<>(extra);
    long request = Math.max(1000, Math.min(timeout.toMillis(), 30_000));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (request + 5_000 + 1_000));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ai-audit-export");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(60_000, 3 * request));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  @Override
  public void send(List<ExportRecord> batch) throws IOException {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batch.size());
    for (ExportRecord r : batch) {
      RecordHeaders h = new RecordHeaders();
      h.add(KafkaRecordHeaders.SEQ, Long.toString(r.seq()).getBytes(StandardCharsets.US_ASCII));
      h.add(KafkaRecordHeaders.TIME_NS, Long.toString(r.event().timeNs()).getBytes(StandardCharsets.US_ASCII));
      h.add(KafkaRecordHeaders.HASH, r.hash().getBytes(StandardCharsets.US_ASCII));
      h.add(KafkaRecordHeaders.PREV_HASH, r.prevHash().getBytes(StandardCharsets.US_ASCII));
      out.add(new ProducerRecord<>(topic, null, r.event().timeNs() / 1_000_000L, r.event().host().getBytes(StandardCharsets.UTF_8),
          r.ocsf(), h));
    }
    sendAll(out);
  }

  /**
   * Each checkpoint is one record on the same topic with the same key (so it follows the records it covers on the
   * host's partition): value = the 128-byte entry, headers {@code type=checkpoint} and {@code public_key} (X.509 DER).
   */
  @Override
  public void sendCheckpoints(String host, List<SignedCheckpoint> checkpoints) throws IOException {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(checkpoints.size());
    for (SignedCheckpoint c : checkpoints) {
      RecordHeaders h = new RecordHeaders();
      h.add(KafkaRecordHeaders.TYPE, KafkaRecordHeaders.TYPE_CHECKPOINT.getBytes(StandardCharsets.US_ASCII));
      h.add(KafkaRecordHeaders.PUBLIC_KEY, c.publicKey());
      out.add(new ProducerRecord<>(topic, null, null, host.getBytes(StandardCharsets.UTF_8), c.entry(), h));
    }
    sendAll(out);
  }

  /**
   * One transaction, every wait bounded by the sink's timeout, so a broker outage is a failed attempt (counted by the
   * {@link dev.aiaudit.export.Exporter}) rather than a call that never returns. {@code initTransactions},
   * {@code send} (metadata, buffer) and {@code commitTransaction} are bounded by {@code max.block.ms}, but that bound
   * is per record: with the broker down and the topic's metadata gone, each {@code send} waits {@code max.block.ms}
   * and returns a failed future (it does not throw), so 256 records would wait 256 times (seen in FleetTest). So the
   * first record that failed at once fails the batch, and no record is sent past the deadline. The records'
   * acknowledgements are waited for here, up to the timeout, because kafka-clients cannot expire them itself while
   * its sender thread is looking for the transaction coordinator (it sends no produce request until the partition is
   * added to the transaction, and it looks for the coordinator for as long as the broker is down). No
   * {@code flush()}: it waits without a bound. On any failure the producer is closed; the next batch makes a new one
   * with the same transactional id, whose {@code initTransactions} aborts (or completes) the old transaction before
   * anything new is written, so an unacknowledged batch never lands after the batch that follows it.
   */
  private void sendAll(List<ProducerRecord<byte[], byte[]>> records) throws IOException {
    try {
      if (producer == null) {
        producer = new KafkaProducer<>(producerConfig());
        producer.initTransactions();
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      producer.beginTransaction();
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (ProducerRecord<byte[], byte[]> r : records) {
        if (System.nanoTime() - deadline > 0) {
          throw new TimeoutException();
        }
        Future<RecordMetadata> f = producer.send(r);
        if (f.isDone()) {
          f.get(); // failed at once: the topic's metadata did not come within max.block.ms (the broker is down)
        }
        acks.add(f);
      }
      for (Future<RecordMetadata> f : acks) {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      producer.commitTransaction();
    } catch (ExecutionException e) {
      reset();
      throw new IOException("Kafka " + bootstrap + " topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      reset();
      throw new IOException("Kafka " + bootstrap + " topic " + topic + ": " + records.size() + " records not acknowledged within "
          + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reset();
      throw new IOException("interrupted", e);
    } catch (RuntimeException e) {
      reset();
      throw new IOException("Kafka " + bootstrap + " topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private void reset() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  @Override
  public String describe() {
    return "kafka://" + bootstrap + "/" + topic;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
