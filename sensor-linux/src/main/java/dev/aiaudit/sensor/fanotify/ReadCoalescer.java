package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.ProcessInfo;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds read notifications into one {@link FileActivity#READ} record per process (pid and start
 * time) per file per interval, carrying the number of notifications in {@link FileEvent#count()}.
 * A record is emitted once {@code interval} has passed since its first read ({@link #flushDue}), at
 * close ({@link #flushAll}), or early when more than {@code maxEntries} are pending (bounded memory,
 * nothing dropped). Not thread-safe: owned by the enrichment thread.
 */
public final class ReadCoalescer {
  private final long intervalNs;
  private final int maxEntries;
  private final String host;
  private final String source;
  private final LinkedHashMap<Key, Acc> pending = new LinkedHashMap<>();
  private long coalesced;

  public ReadCoalescer(Duration interval, int maxEntries, String host, String source) {
    this.intervalNs = interval.toNanos();
    this.maxEntries = maxEntries;
    this.host = host;
    this.source = source;
  }

  /** Counts one read notification at {@code nowNs}; may emit the oldest record when full. */
  public void add(ProcessInfo process, String path, AssetKind asset, long nowNs, Consumer<? super FileEvent> out) {
    add(process, path, asset, null, nowNs, out);
  }

  /** The same, for a file reached as {@code origin} says (kept from the first read of the record). */
  public void add(ProcessInfo process, String path, AssetKind asset, FileOrigin origin, long nowNs,
      Consumer<? super FileEvent> out) {
    Key k = new Key(process.pid(), process.startTimeNs(), path);
    Acc a = pending.get(k);
    if (a != null) {
      a.count++;
      a.lastNs = Math.max(a.lastNs, nowNs);
      coalesced++;
      return;
    }
    pending.put(k, new Acc(process, path, asset, origin, nowNs));
    if (pending.size() > maxEntries) {
      Iterator<Acc> it = pending.values().iterator();
      out.accept(it.next().toEvent());
      it.remove();
    }
  }

  /** Emits every record whose interval has passed; returns how many. */
  public int flushDue(long nowNs, Consumer<? super FileEvent> out) {
    int n = 0;
    Iterator<Map.Entry<Key, Acc>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Acc a = it.next().getValue();
      if (nowNs - a.firstNs < intervalNs) {
        break; // insertion order = first-read order
      }
      out.accept(a.toEvent());
      it.remove();
      n++;
    }
    return n;
  }

  /** Emits every pending record. */
  public int flushAll(Consumer<? super FileEvent> out) {
    int n = pending.size();
    pending.values().forEach(a -> out.accept(a.toEvent()));
    pending.clear();
    return n;
  }

  /** Read notifications folded into an earlier record so far. */
  public long coalesced() {
    return coalesced;
  }

  public int pending() {
    return pending.size();
  }

  private record Key(int pid, long startNs, String path) {}

  private final class Acc {
    final ProcessInfo process;
    final String path;
    final AssetKind asset;
    final FileOrigin origin;
    final long firstNs;
    long lastNs;
    long count = 1;

    Acc(ProcessInfo process, String path, AssetKind asset, FileOrigin origin, long nowNs) {
      this.process = process;
      this.path = path;
      this.asset = asset;
      this.origin = origin;
      this.firstNs = nowNs;
      this.lastNs = nowNs;
    }

    FileEvent toEvent() {
      return new FileEvent(firstNs, lastNs, host, FileActivity.READ, process, path, asset, count, source, origin);
    }
  }
}
