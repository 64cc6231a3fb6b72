package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import java.util.Arrays;
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
 *
 * <p>Each thread encodes with its own {@link EventCodec.Writer} (one reused generator and buffer); a chunk's
 * payloads go into one reused byte array per chunk, so an append allocates no array per record. One
 * instance serves one journal, whose lock serialises the calls.
 */
final class BatchEncoder {

  /**
   * Receives payload {@code index} of the batch as {@code len} bytes of {@code buf} from {@code off}; called on
   * the appending thread, in order. The bytes are valid only during the call.
   */
  @FunctionalInterface
  interface Sink {
    void accept(int index, byte[] buf, int off, int len);
  }

  static final int CHUNK = 256;

  private static final ThreadLocal<EventCodec.Writer> WRITERS = ThreadLocal.withInitial(EventCodec.Writer::new);

  private final Executor pool;
  private final int helpers;
  /** The appending thread's writer (the serial path). */
  private final EventCodec.Writer own = new EventCodec.Writer();
  /** Per chunk: the payloads back to back, and where each ends; reused across batches. */
  private Chunk[] chunks = new Chunk[0];

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
        int len = own.encode(batch.get(i));
        sink.accept(i, own.buffer(), 0, len);
      }
      return;
    }
    int count = (n + CHUNK - 1) / CHUNK;
    if (chunks.length < count) {
      Chunk[] more = Arrays.copyOf(chunks, count);
      for (int c = chunks.length; c < count; c++) {
        more[c] = new Chunk();
      }
      chunks = more;
    }
    Chunk[] cs = chunks;
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[count];
    for (int c = 0; c < count; c++) {
      done[c] = new CompletableFuture<>();
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      int c;
      EventCodec.Writer w = WRITERS.get();
      while ((c = next.getAndIncrement()) < count) {
        encodeChunk(w, batch, cs[c], c, done[c]);
      }
    };
    for (int h = 0; h < Math.min(helpers, count - 1); h++) {
      try {
        pool.execute(worker);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    for (int c = 0; c < count; c++) {
      while (!done[c].isDone()) {
        int mine = next.getAndIncrement();
        if (mine >= count) {
          break;
        }
        encodeChunk(own, batch, cs[mine], mine, done[mine]);
      }
      try {
        done[c].join();
      } catch (CompletionException e) {
        chunks = new Chunk[0]; // helpers may still be writing into these: the next batch gets new ones
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
      Chunk k = cs[c];
      int from = 0;
      int base = c * CHUNK;
      try {
        for (int i = 0; i < k.size; i++) {
          sink.accept(base + i, k.data, from, k.ends[i] - from);
          from = k.ends[i];
        }
      } catch (RuntimeException | Error e) {
        chunks = new Chunk[0]; // the sink failed (a write): helpers may still be encoding later chunks into these
        throw e;
      }
    }
  }

  private static void encodeChunk(EventCodec.Writer w, List<Event> batch, Chunk k, int c, CompletableFuture<Void> done) {
    try {
      int start = c * CHUNK;
      int end = Math.min(batch.size(), start + CHUNK);
      k.size = 0;
      int at = 0;
      for (int i = start; i < end; i++) {
        int len = w.encode(batch.get(i));
        at = k.add(w.buffer(), len, at);
      }
      done.complete(null);
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
    }
  }

  /** The payloads of one chunk, back to back. */
  private static final class Chunk {
    byte[] data = new byte[CHUNK * 1024];
    final int[] ends = new int[CHUNK];
    int size;

    int add(byte[] src, int len, int at) {
      if (data.length - at < len) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, at + len));
      }
      System.arraycopy(src, 0, data, at, len);
      ends[size++] = at + len;
      return at + len;
    }
  }
}
