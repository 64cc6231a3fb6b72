package dev.aiaudit.server.dashboard;

import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanException;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import java.time.Instant;
import java.util.List;

/**
 * Host scans as the dashboard drives them: start one now, and what the scanner is doing. The scan results and their
 * history are not kept here: each scan journals its changed verdicts as compliance findings, and the pages read
 * them back through the store ({@link HostPosture}), so the history survives a restart and a fleet store shows
 * every host's.
 */
public interface ScanService {

  /**
   * One finished scan of every configured profile, handed to the wiring that journals its changed verdicts.
   *
   * @param trigger {@code start}, {@code schedule} or {@code manual:<who>}
   * @param error why the run failed as a whole; {@code null} when it ran
   */
  record ScanRun(long id, Instant startedAt, String trigger, List<ScanReport> reports, String error) {
    public ScanRun {
      reports = List.copyOf(reports);
    }
  }

  /**
   * The scanner's own state in this process (not a history).
   *
   * @param lastFinished when the last run ended, or {@code null} before the first
   * @param lastTrigger the last run's trigger, or {@code null}
   * @param lastError why the last run failed as a whole, or {@code null}
   */
  record Status(boolean available, boolean running, Instant lastFinished, String lastTrigger, String lastError) {}

  Status status();

  /** Starts a run unless one is running; returns false when one already runs. */
  boolean trigger(String who);

  /**
   * The checks of {@code profile} as defined (title, severity, remediation, controls), without running them; empty
   * for a profile this build does not know. The built-in content unless a scanner says otherwise.
   */
  default List<CheckResult> checks(String profile) {
    try {
      return Scanner.builtin().checks(profile);
    } catch (ScanException e) {
      return List.of();
    }
  }

  /** A service with no scanner (a server over a store only, e.g. a fleet store). */
  static ScanService none() {
    return new ScanService() {
      @Override
      public Status status() {
        return new Status(false, false, null, null, null);
      }

      @Override
      public boolean trigger(String who) {
        return false;
      }
    };
  }
}
