package dev.aiaudit.sensor;

import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU priority of the threads that empty kernel queues. The launcher runs the agent below the workload
 * ({@code nice -n 10}: enrichment, journal, detection, index, JIT and GC yield the cores), but a kernel queue
 * that is not emptied promptly costs the <em>workload</em>: fanotify compares each new event with up to 128
 * queued events of its hash bucket ({@code fanotify_merge}) in the context of the process that opened or read
 * the file, so a deep queue makes every open and read of a watched file slower (measured with perf on the
 * small-file loader: 16.6 % of its CPU in {@code fanotify_merge} with the reader at nice 10 on a loaded
 * machine, 0.7 % at nice 0), and a full queue (16,384 events) loses events. So the threads that read kernel
 * queues (the fanotify reader, the strict-attribution gate, the process events connector with the exec watcher)
 * set their own nice value to {@value #PROPERTY} (the launcher passes the nice value it was started with);
 * everything downstream keeps the agent's lower priority, its bounded queues absorbing bursts (every drop
 * counted). Without the property nothing changes. Raising a thread's priority needs CAP_SYS_NICE (the agent
 * runs as root); without it one WARN line, and the thread stays where it was.
 */
public final class ReaderPriority {
  /** System property: the nice value of the kernel-queue reader threads (the launcher sets it). */
  public static final String PROPERTY = "aiaudit.sensor.reader_nice";
  private static final Logger LOG = LoggerFactory.getLogger(ReaderPriority.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static final AtomicBoolean INFORMED = new AtomicBoolean();
  private static volatile String outcome;

  private ReaderPriority() {}

  /**
   * Gives the calling thread (a kernel-queue reader) the nice value of {@value #PROPERTY}, when set.
   *
   * @param thread what the thread reads, for the log line
   * @return true when the thread now runs at that nice value; false when the property is unset or the
   *     kernel refused (logged once)
   */
  public static boolean apply(String thread) {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) {
      return false;
    }
    int nice;
    try {
      nice = Math.clamp(Integer.parseInt(v.strip()), -20, 19);
    } catch (NumberFormatException e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("-D{}={} is not a nice value (-20..19): kernel-queue readers keep the agent's priority", PROPERTY, v);
      }
      return false;
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment cs = LibC.newCallState(a);
      int tid = LibC.gettid(cs);
      int before = LibC.getpriority(cs, LibC.PRIO_PROCESS, tid);
      if (LibC.setpriority(cs, LibC.PRIO_PROCESS, tid, nice) == 0) {
        outcome = "kernel-queue readers at nice " + nice + " (agent at nice " + before + ")";
        if (!INFORMED.getAndSet(true)) {
          LOG.info("{} (the {} thread first)", outcome, thread);
        }
        return true;
      }
      int errno = LibC.errno(cs);
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("cannot set the {} thread to nice {} (errno {}{}): it stays at nice {}; under CPU load the kernel"
            + " queue may grow (slower opens for the workload) or overflow (counted)", thread, nice, errno,
            errno == 13 || errno == 1 ? ", no CAP_SYS_NICE" : "", before);
      }
      outcome = "kernel-queue readers at the agent's nice " + before + " (raising to " + nice + " refused)";
      return false;
    }
  }

  /** What {@link #apply} achieved, for the sensor's description; null when it was not asked to do anything. */
  public static String describe() {
    return outcome;
  }
}
