package dev.aiaudit.pipeline;

import dev.aiaudit.model.Event;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a batch out to several secondary sinks (store, exporters). One sink's failure never stops
 * the others: it is counted per sink and logged, and the batch still reaches the rest.
 */
public final class CompositeSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeSink.class);

  private final List<EventSink> sinks;
  private final AtomicLongArray failures;

  private CompositeSink(List<EventSink> sinks) {
    this.sinks = List.copyOf(sinks);
    this.failures = new AtomicLongArray(sinks.size());
  }

  /** Zero sinks give the noop sink, one gives the sink itself, more a composite. */
  public static EventSink of(List<EventSink> sinks) {
    return switch (sinks.size()) {
      case 0 -> EventSink.noop();
      case 1 -> sinks.getFirst();
      default -> new CompositeSink(sinks);
    };
  }

  @Override
  public void accept(List<Event> batch) {
    for (int i = 0; i < sinks.size(); i++) {
      try {
        sinks.get(i).accept(batch);
      } catch (RuntimeException e) {
        if (failures.getAndIncrement(i) == 0) {
          LOG.warn("sink {} failed; counting further failures silently", sinks.get(i), e);
        }
      }
    }
  }

  /** Failed batches of sink {@code i}, in the order given to {@link #of}. */
  public long failures(int i) {
    return failures.get(i);
  }

  @Override
  public void flush() {
    for (EventSink s : sinks) {
      try {
        s.flush();
      } catch (RuntimeException e) {
        LOG.warn("flush of {} failed", s, e);
      }
    }
  }

  @Override
  public void close() {
    for (EventSink s : sinks) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.warn("close of {} failed", s, e);
      }
    }
  }
}
