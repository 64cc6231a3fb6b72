package dev.aiaudit.sensor;

/**
 * Watches file activity under configured roots and hands {@link dev.aiaudit.model.Event}s to the
 * consumer given at creation, from the sensor's own threads. Started by {@link #start()}, stopped by
 * {@link #close()}; a sensor is started at most once.
 */
public interface Sensor extends AutoCloseable {

  /**
   * Starts watching.
   *
   * @throws SensorException with a message naming the path or the cause (a missing root, a refused
   *     fanotify_mark, ...)
   */
  void start() throws SensorException;

  /** What is watched and how, e.g. {@code fanotify (mount marks on /, /data)}. */
  String description();

  /** Counters since start; cheap, safe from any thread. */
  SensorStats stats();

  /** Strict attribution's counts (directories held, openers held, timeouts), or {@code null} when it is off. */
  default String strictStats() {
    return null;
  }

  /** Stops watching, flushes pending coalesced reads, releases every fd; idempotent. */
  @Override
  void close();
}
