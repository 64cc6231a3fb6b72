package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.FindingEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host's scan posture, replayed from its journaled scan verdict changes (compliance findings with subjects
 * {@code scan:<profile>/<check>}, source {@code scan}): the current verdict of every check and, per scan that
 * changed something, what changed and the per-profile counts after it. Scoped subjects ({@code ...@root:/image},
 * scans of something other than the live host) are not part of the host's posture.
 *
 * @param checks the current state of every check, by profile then check id
 * @param history the newest {@link #HISTORY} scans that changed a verdict, newest first
 */
record HostPosture(String host, List<CheckState> checks, List<ScanPoint> history) {
  /** Points of history kept per host. */
  static final int HISTORY = 100;
  static final List<String> STATES = List.of("pass", "fail", "error", "notapplicable");

  /** The newest recorded verdict of one check, with the journal record that holds it. */
  record CheckState(String profile, String check, String state, String previous, String message, long timeNs, long seq,
      String hash) {}

  /**
   * The verdict changes journaled by one scan (one finding time) and each profile's counts after them.
   *
   * @param counts profile to state to number of checks, after this scan
   */
  record ScanPoint(long timeNs, int changed, int toFail, int toPass, long firstSeq, Map<String, Map<String, Integer>> counts) {}

  /** Each profile's current counts (every state present, 0 when none). */
  Map<String, Map<String, Integer>> counts() {
    return countsOf(checks);
  }

  long lastChangeNs() {
    return history.isEmpty() ? 0 : history.getFirst().timeNs();
  }

  List<CheckState> failing() {
    return checks.stream().filter(c -> c.state().equals("fail")).toList();
  }

  private static Map<String, Map<String, Integer>> countsOf(Iterable<CheckState> checks) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    for (CheckState c : checks) {
      out.computeIfAbsent(c.profile(), p -> {
        Map<String, Integer> m = new LinkedHashMap<>();
        STATES.forEach(s -> m.put(s, 0));
        return m;
      }).merge(c.state(), 1, Integer::sum);
    }
    return out;
  }

  /** Replays findings of one host (fed in journal order: time, then seq) into a posture. */
  static final class Replay {
    private final String host;
    private final Map<String, CheckState> current = new TreeMap<>();
    private final Deque<ScanPoint> points = new ArrayDeque<>();
    private long pointTime = Long.MIN_VALUE;
    private long pointSeq;
    private int changed;
    private int toFail;
    private int toPass;

    Replay(String host) {
      this.host = host;
    }

    /** Takes one scan finding; false when it is not one of the live host's scan verdicts. */
    boolean accept(FindingEvent f, long seq, String hash) {
      String subject = f.subject();
      int slash = subject.indexOf('/');
      if (!f.source().equals(dev.aiaudit.scan.VerdictChanges.SOURCE)
          || !subject.startsWith(dev.aiaudit.scan.VerdictChanges.SUBJECT_PREFIX) || slash < 0 || subject.indexOf('@') >= 0) {
        return false;
      }
      if (f.timeNs() != pointTime) {
        close();
        pointTime = f.timeNs();
        pointSeq = seq;
      }
      String profile = subject.substring(dev.aiaudit.scan.VerdictChanges.SUBJECT_PREFIX.length(), slash);
      String check = subject.substring(slash + 1);
      current.put(subject, new CheckState(profile, check, f.state(), f.previousState(), f.message(), f.timeNs(), seq, hash));
      changed++;
      toFail += f.state().equals("fail") ? 1 : 0;
      toPass += f.state().equals("pass") ? 1 : 0;
      return true;
    }

    private void close() {
      if (changed > 0) {
        points.addFirst(new ScanPoint(pointTime, changed, toFail, toPass, pointSeq, countsOf(current.values())));
        while (points.size() > HISTORY) {
          points.removeLast();
        }
      }
      changed = 0;
      toFail = 0;
      toPass = 0;
    }

    HostPosture finish() {
      close();
      return new HostPosture(host, new ArrayList<>(current.values()), new ArrayList<>(points));
    }
  }
}
