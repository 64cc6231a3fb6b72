package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON-encodes a batch in chunks and hands the payloads to the caller in batch order, so the caller can
 * chain hashes over chunk k while helpers encode chunk k+1. JSON encoding is most of what an append
 * costs and needs no order; the hash chain does. The caller never idles: while its next chunk is not
 * ready it claims and encodes a later one itself, so with no free helper this is a plain loop.
 */
final class BatchEncoder {

  /** Receives payload {@code index} of the batch; called on the appending thread, in order. */
  @FunctionalInterface
  interface Sink {
    void accept(int index, byte[] payload);
  }

  static final int CHUNK = 256;

  private final Executor pool;
  private final int helpers;

  BatchEncoder(Executor pool, int helpers) {
    this.pool = pool;
    this.helpers = helpers;
  }

  /** Helpers from the common fork-join pool, one fewer than the cores (none on one core). */
  static BatchEncoder shared() {
    int cores = Runtime.getRuntime().availableProcessors();
    int helpers = Boolean.getBoolean("aiaudit.journal.serialEncode") ? 0
        : Math.min(ForkJoinPool.getCommonPoolParallelism(), Math.max(0, cores - 1));
    return new BatchEncoder(ForkJoinPool.commonPool(), helpers);
  }

  void encode(List<Event> batch, Sink sink) {
    int n = batch.size();
    if (helpers == 0 || n < 2 * CHUNK) {
      for (int i = 0; i < n; i++) {
        sink.accept(i, EventCodec.encode(batch.get(i)));
      }
      return;
    }
    int chunks = (n + CHUNK - 1) / CHUNK;
    byte[][] payloads = new byte[n][];
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[chunks];
    for (int c = 0; c < chunks; c++) {
      done[c] = new CompletableFuture<>();
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        encodeChunk(batch, payloads, c, done[c]);
      }
    };
    for (int h = 0; h < Math.min(helpers, chunks - 1); h++) {
      try {
        pool.execute(worker);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    for (int c = 0; c < chunks; c++) {
      while (!done[c].isDone()) {
        int mine = next.getAndIncrement();
        if (mine >= chunks) {
          break;
        }
        encodeChunk(batch, payloads, mine, done[mine]);
      }
      try {
        done[c].join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
      int end = Math.min(n, (c + 1) * CHUNK);
      for (int i = c * CHUNK; i < end; i++) {
        sink.accept(i, payloads[i]);
        payloads[i] = null;
      }
    }
  }

  private static void encodeChunk(List<Event> batch, byte[][] payloads, int c, CompletableFuture<Void> done) {
    try {
      int end = Math.min(batch.size(), (c + 1) * CHUNK);
      for (int i = c * CHUNK; i < end; i++) {
        payloads[i] = EventCodec.encode(batch.get(i));
      }
      done.complete(null);
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
    }
  }
}
