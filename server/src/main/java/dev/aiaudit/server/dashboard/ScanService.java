package dev.aiaudit.server.dashboard;

import dev.aiaudit.scan.ScanReport;
import java.time.Instant;
import java.util.List;

/** Host scans as the dashboard sees them: the runs so far (newest first) and a way to start one now. */
public interface ScanService {

  /**
   * One scan of every configured profile.
   *
   * @param trigger {@code start}, {@code schedule} or {@code manual:<who>}
   * @param error why the run failed as a whole; {@code null} when it ran
   */
  record ScanRun(long id, Instant startedAt, String trigger, List<ScanReport> reports, String error) {
    public ScanRun {
      reports = List.copyOf(reports);
    }
  }

  List<ScanRun> runs();

  /** Starts a run unless one is running; returns false when one already runs. */
  boolean trigger(String who);

  /** A service with no scans (a server without a scanner). */
  static ScanService none() {
    return new ScanService() {
      @Override
      public List<ScanRun> runs() {
        return List.of();
      }

      @Override
      public boolean trigger(String who) {
        return false;
      }
    };
  }
}
