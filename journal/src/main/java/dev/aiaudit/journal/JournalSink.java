package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.pipeline.EventSink;
import dev.aiaudit.pipeline.SinkException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The journal as the pipeline's sink: appends each batch and hands the recorded events (with their seq
 * and chain hash) to {@code downstream} (the store, exporters) only after the append is durable.
 * {@link #close()} closes the journal.
 */
public final class JournalSink implements EventSink {

  private final Journal journal;
  private final Consumer<List<RecordedEvent>> downstream;

  public JournalSink(Journal journal, Consumer<List<RecordedEvent>> downstream) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
  }

  /** @throws SinkException when the batch could not be journaled (nothing goes downstream then) */
  @Override
  public void accept(List<Event> batch) {
    List<RecordedEvent> recorded;
    try {
      recorded = journal.append(batch);
    } catch (JournalException e) {
      throw new SinkException(e.getMessage(), e);
    }
    if (!recorded.isEmpty()) {
      downstream.accept(recorded);
    }
  }

  @Override
  public void flush() {
    try {
      journal.flush();
    } catch (JournalException e) {
      throw new SinkException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    journal.close();
  }
}
