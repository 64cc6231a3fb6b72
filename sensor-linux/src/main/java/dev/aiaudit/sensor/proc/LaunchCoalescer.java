package dev.aiaudit.sensor.proc;

import dev.aiaudit.model.ProcessEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds launches of one image with one command line by one parent ({@code ppid + exe + cmdline})
 * within an interval: the first launch of a window is emitted at once (count 1), the rest of the
 * window become one record when it ends, with their count, the first of them as its process and
 * their first and last times. So a loop that execs thousands of times a second costs two records a
 * second, and the sum of the counts is the number of execs. Windows are bounded ({@code maxKeys}):
 * when full, all pending windows are emitted first. Not thread-safe.
 */
final class LaunchCoalescer {
  private record Key(int ppid, String exe, String cmdline) {}

  private static final class Window {
    final long startNs;
    ProcessEvent first;
    long lastNs;
    long pending;

    Window(long startNs) {
      this.startNs = startNs;
    }
  }

  private final long intervalNs;
  private final int maxKeys;
  private final Map<Key, Window> windows = new LinkedHashMap<>();
  private long coalesced;

  LaunchCoalescer(Duration interval, int maxKeys) {
    this.intervalNs = interval.toNanos();
    this.maxKeys = maxKeys;
  }

  void add(ProcessEvent e, Consumer<ProcessEvent> emit) {
    Key k = new Key(e.process().ppid(), e.process().exe(), e.process().cmdline());
    Window w = windows.get(k);
    if (w != null && e.timeNs() - w.startNs >= intervalNs) {
      windows.remove(k);
      flush(w, emit);
      w = null;
    }
    if (w == null) {
      if (windows.size() >= maxKeys) {
        flushAll(emit);
      }
      windows.put(k, new Window(e.timeNs()));
      emit.accept(e);
      return;
    }
    coalesced++;
    if (w.pending++ == 0) {
      w.first = e;
    }
    w.lastNs = Math.max(e.timeNs(), w.first.timeNs());
  }

  /** Emits the windows whose interval has passed at {@code nowNs}. */
  void flushDue(long nowNs, Consumer<ProcessEvent> emit) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      if (nowNs - w.startNs >= intervalNs) {
        it.remove();
        flush(w, emit);
      }
    }
  }

  void flushAll(Consumer<ProcessEvent> emit) {
    for (Window w : windows.values()) {
      flush(w, emit);
    }
    windows.clear();
  }

  private static void flush(Window w, Consumer<ProcessEvent> emit) {
    if (w.pending == 0) {
      return;
    }
    ProcessEvent f = w.first;
    emit.accept(new ProcessEvent(f.timeNs(), Math.max(f.timeNs(), w.lastNs), f.host(), f.process(), f.parentExe(),
        f.parentCmdline(), f.cwd(), w.pending, f.source()));
  }

  /** Launches folded into a later record so far. */
  long coalesced() {
    return coalesced;
  }

  int pendingWindows() {
    return windows.size();
  }
}
