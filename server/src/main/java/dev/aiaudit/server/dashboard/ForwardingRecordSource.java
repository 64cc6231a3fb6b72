package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A {@link RecordSource} that hands every call to another; a decorator overrides what it changes. */
abstract class ForwardingRecordSource implements RecordSource {

  /** The source this one decorates. */
  protected final RecordSource inner;

  ForwardingRecordSource(RecordSource inner) {
    this.inner = inner;
  }

  @Override
  public long query(EventQuery q, Consumer<? super EventRow> sink) {
    return inner.query(q, sink);
  }

  @Override
  public long count(EventQuery q) {
    return inner.count(q);
  }

  @Override
  public long[] histogram(EventQuery q, long bucketNs) {
    return inner.histogram(q, bucketNs);
  }

  @Override
  public List<String> hosts() {
    return inner.hosts();
  }

  @Override
  public boolean indexedHere() {
    return inner.indexedHere();
  }

  @Override
  public Optional<EventRow> record(String host, long seq) {
    return inner.record(host, seq);
  }
}
