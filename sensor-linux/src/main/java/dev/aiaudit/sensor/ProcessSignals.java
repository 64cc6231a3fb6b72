package dev.aiaudit.sensor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Undoes an inherited "ignore" disposition of SIGINT/SIGTERM. A shell starts background jobs with
 * SIGINT ignored, and the JVM then refuses to handle it, so {@code kill -INT} could not stop the
 * agent cleanly (draining its queue into the journal). Resetting the disposition to the default
 * lets the JVM's own handlers, and so the shutdown hooks, run. Linux only; a no-op elsewhere.
 */
public final class ProcessSignals {
  private ProcessSignals() {}

  /** Resets the given signal numbers to SIG_DFL (e.g. 2 = SIGINT, 15 = SIGTERM); returns false when it could not. */
  public static boolean resetToDefault(int... signals) {
    try {
      Linker linker = Linker.nativeLinker();
      MethodHandle signal = linker.downcallHandle(linker.defaultLookup().find("signal").orElseThrow(),
          FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
      for (int s : signals) {
        MemorySegment unused = (MemorySegment) signal.invokeExact(s, MemorySegment.NULL); // SIG_DFL is 0
      }
      return true;
    } catch (Throwable t) {
      return false;
    }
  }
}
