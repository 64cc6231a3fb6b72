package dev.aiaudit.server.admission;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;

/**
 * Watches every network (TLS) connection of the webhook and closes those that hold the server without
 * progress: a header or TLS handshake not complete within {@link WebhookLimits#headerTimeout}, a body not
 * read and answered within {@link WebhookLimits#bodyTimeout}, a keep-alive connection silent past
 * {@link WebhookLimits#idleTimeout}, a client address over {@link WebhookLimits#maxConnectionsPerIp}. When
 * {@link WebhookLimits#maxConnections} are open, a new connection evicts the one that has waited longest,
 * so a client that sends its request at once (the API server) is served while slow ones churn.
 *
 * <p>Jetty tells it of connections ({@link Connection.Listener}); the request handler tells it when a
 * request starts and ends ({@link #started}, {@link #finished}); a daemon thread checks every
 * {@link #TICK_MILLIS} ms.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {

  static final long TICK_MILLIS = 100;

  private final WebhookLimits limits;
  private final Map<String, Tracked> byRemote = new ConcurrentHashMap<>();
  private final Map<Connection, Tracked> byConnection = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final Object evictLock = new Object();
  private final ScheduledExecutorService ticker;
  final LongAdder refusedPerIp = new LongAdder();
  final LongAdder evicted = new LongAdder();
  final LongAdder headerTimeouts = new LongAdder();
  final LongAdder bodyTimeouts = new LongAdder();
  final LongAdder idleClosed = new LongAdder();

  ConnectionGuard(WebhookLimits limits) {
    this.limits = limits;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "webhook-connection-guard");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection c) {
    if (!(c instanceof SslConnection) || !(c.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress a)) {
      return;
    }
    String ip = a.getAddress().getHostAddress();
    Tracked t = new Tracked(c, ip, key(a), System.nanoTime());
    byConnection.put(c, t);
    byRemote.put(t.key, t);
    open.incrementAndGet();
    if (perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet() > limits.maxConnectionsPerIp()) {
      refusedPerIp.increment();
      t.closeOnce();
      return;
    }
    if (open.get() > limits.maxConnections()) {
      evictOldest();
    }
  }

  @Override
  public void onClosed(Connection c) {
    Tracked t = byConnection.remove(c); // the closed end point may no longer know its address
    if (t != null) {
      byRemote.remove(t.key, t);
      open.decrementAndGet();
      perIp.computeIfPresent(t.ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  /** A request's header is complete and its handler runs (the body is still to be read). */
  void started(SocketAddress remote) {
    Tracked t = byRemote.get(key(remote));
    if (t != null) {
      t.busySince = System.nanoTime();
      t.busy = true;
    }
  }

  /** The request's answer is written. */
  void finished(SocketAddress remote) {
    Tracked t = byRemote.get(key(remote));
    if (t != null) {
      t.busy = false;
      t.idleSince = System.nanoTime();
      t.bytesAtIdle = t.connection.getBytesIn();
      t.headerSince = -1;
    }
  }

  /** Whether the guard closed the connection of this request (its handler then sees an I/O error). */
  boolean closedByGuard(SocketAddress remote) {
    Tracked t = byRemote.get(key(remote));
    return t == null || t.closed.get();
  }

  int open() {
    return open.get();
  }

  private void tick() {
    long now = System.nanoTime();
    for (Tracked t : byConnection.values()) {
      if (t.closed.get()) {
        continue;
      }
      if (t.busy) {
        if (now - t.busySince > limits.bodyTimeout().toNanos()) {
          bodyTimeouts.increment();
          t.closeOnce();
        }
        continue;
      }
      if (t.headerSince < 0 && t.connection.getBytesIn() > t.bytesAtIdle) {
        t.headerSince = now;
      }
      if (t.headerSince >= 0) {
        if (now - t.headerSince > limits.headerTimeout().toNanos()) {
          headerTimeouts.increment();
          t.closeOnce();
        }
      } else if (now - t.idleSince > limits.idleTimeout().toNanos()) {
        idleClosed.increment();
        t.closeOnce();
      }
    }
  }

  /** Closes the connection whose current header or body has waited longest. */
  private void evictOldest() {
    synchronized (evictLock) {
      if (open.get() <= limits.maxConnections()) {
        return;
      }
      List<Tracked> candidates = new ArrayList<>(byConnection.values());
      Tracked oldest = null;
      long oldestSince = Long.MAX_VALUE;
      for (Tracked t : candidates) {
        long since = t.busy ? t.busySince : t.headerSince >= 0 ? t.headerSince : t.idleSince;
        if (!t.closed.get() && since < oldestSince) {
          oldest = t;
          oldestSince = since;
        }
      }
      if (oldest != null) {
        evicted.increment();
        oldest.closeOnce();
      }
    }
  }

  private static String key(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + "#" + a.getPort();
  }

  static String key(SocketAddress a) {
    return a instanceof InetSocketAddress i ? key(i) : String.valueOf(a);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  private static final class Tracked {
    final Connection connection;
    final String ip;
    final String key;
    final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    volatile boolean busy;
    volatile long busySince;
    volatile long idleSince;
    volatile long headerSince;
    volatile long bytesAtIdle;

    Tracked(Connection connection, String ip, String key, long openedAt) {
      this.connection = connection;
      this.ip = ip;
      this.key = key;
      this.idleSince = openedAt;
      this.headerSince = openedAt; // the handshake and the first header run on the header clock
    }

    void closeOnce() {
      if (closed.compareAndSet(false, true)) {
        connection.close();
      }
    }
  }
}
