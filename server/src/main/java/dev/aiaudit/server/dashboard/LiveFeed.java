package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.RecordedEvent;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Server-Sent Events to the open pages: after records are indexed, one {@code records} event names their classes
 * and the last seq ({@code {"seq":118,"topics":["file","alert"]}}); a scan run sends {@code {"topics":["scan"]}}.
 * Pages re-read the part that changed. A client that cannot be written to is dropped (counted).
 */
public final class LiveFeed {
  private final List<SseClient> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final IntFunction<String> topicOf;

  /** @param topicOf names a class_uid as a topic ({@code file}, {@code alert}, ...) */
  public LiveFeed(IntFunction<String> topicOf) {
    this.topicOf = topicOf;
  }

  void add(SseClient client) {
    clients.add(client);
    client.onClose(() -> clients.remove(client));
    client.sendEvent("hello", "{\"topics\":[]}");
  }

  private final List<java.util.function.Consumer<List<RecordedEvent>>> listeners = new CopyOnWriteArrayList<>();

  /** Also hands each published batch to {@code listener} (the server's in-memory alerts and findings). */
  void listen(java.util.function.Consumer<List<RecordedEvent>> listener) {
    listeners.add(listener);
  }

  /** Called after a batch was indexed (so a page that re-reads finds it). */
  public void published(List<RecordedEvent> batch) {
    listeners.forEach(l -> l.accept(batch));
    if (batch.isEmpty() || clients.isEmpty()) {
      return;
    }
    Set<String> topics = new TreeSet<>();
    for (RecordedEvent r : batch) {
      topics.add(topicOf.apply(r.event().classUid()));
    }
    broadcast(batch.getLast().seq(), topics);
  }

  /** Tells the pages that {@code topic} changed outside the journal (a scan run). */
  public void changed(String topic) {
    broadcast(-1, Set.of(topic));
  }

  private void broadcast(long seq, Set<String> topics) {
    StringBuilder json = new StringBuilder("{\"seq\":").append(seq).append(",\"topics\":[");
    int i = 0;
    for (String t : topics) {
      json.append(i++ == 0 ? "" : ",").append('"').append(t.replaceAll("[^a-z0-9_-]", "")).append('"');
    }
    String data = json.append("]}").toString();
    for (SseClient c : clients) {
      if (c.terminated()) {
        clients.remove(c);
        continue;
      }
      try {
        c.sendEvent("records", data);
        sent.incrementAndGet();
      } catch (RuntimeException e) {
        clients.remove(c);
        dropped.incrementAndGet();
      }
    }
  }

  /** Sends a comment to every client so idle connections stay open through proxies. */
  void heartbeat() {
    for (SseClient c : clients) {
      try {
        c.sendComment("keep-alive");
      } catch (RuntimeException e) {
        clients.remove(c);
        dropped.incrementAndGet();
      }
    }
  }

  public int clients() {
    return clients.size();
  }

  /** Events written to clients, and clients dropped because a write failed. */
  public long sent() {
    return sent.get();
  }

  public long dropped() {
    return dropped.get();
  }
}
