package dev.aiaudit.policy.watch;

import java.util.List;

/**
 * Where compliance findings go: stdout in the CLI, the journal and store once the lead wires them. Called
 * with each batch from one thread; an implementation that throws does not stop the watcher.
 */
@FunctionalInterface
public interface FindingSink {

  void accept(List<ComplianceFinding> batch);

  /** Every sink gets every batch; one sink's failure is logged and does not stop the others. */
  static FindingSink composite(List<FindingSink> sinks) {
    List<FindingSink> copy = List.copyOf(sinks);
    return batch -> {
      for (FindingSink s : copy) {
        try {
          s.accept(batch);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(FindingSink.class).warn("finding sink {} failed", s, e);
        }
      }
    };
  }
}
