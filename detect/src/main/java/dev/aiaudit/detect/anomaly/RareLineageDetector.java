package dev.aiaudit.detect.anomaly;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rare lineage: a process that touches model weights was started by a parent its executable is not
 * normally started by ({@code python3} under {@code torchrun} every day, now under {@code sshd → bash}).
 * The parent comes from the sensor's launch records (OCSF 1007, {@link ProcessEvent}): the detector
 * keeps the recent launches by (pid, start time) with the launch record's seq + hash; a weights access
 * by a process whose launch it saw yields the pair (executable, parent executable). Each executable
 * learns its parents for {@code learning} from its first weights access; afterwards a new parent
 * alerts once (then it is known), citing both the access and the launch record. Accesses by
 * processes whose launch was not seen (started before the agent, or evicted) are counted in
 * {@link #unknownLineage()}, never judged. State is bounded: {@code maxLaunches} launches and
 * {@code maxPairs} pairs (least recently used executables evicted, counted; beyond that new pairs
 * still alert).
 */
public final class RareLineageDetector implements Detector {
  public static final String ID = "rare-lineage";
  public static final int DEFAULT_MAX_LAUNCHES = 65_536;
  public static final int DEFAULT_MAX_PAIRS = 100_000;
  private static final String FILE = ID + ".tsv";
  private static final String HEADER = "# ai-audit rare-lineage v1";

  private final Duration learning;
  private final int maxLaunches;
  private final int maxPairs;
  private final Map<String, Launch> launches;
  private final Map<String, Parents> exes;
  private int pairs;
  private long evicted;
  private long unknownLineage;

  /** A launch seen: the parent's executable and the launch record's seq + hash. */
  static final class Launch {
    final String parentExe;
    final long seq;
    final String hash;

    Launch(String parentExe, AlertEvent.Citation cite) {
      this.parentExe = parentExe;
      this.seq = cite.seq();
      this.hash = cite.hash();
    }

    String parentExe() {
      return parentExe;
    }

    AlertEvent.Citation cite() {
      return new AlertEvent.Citation(seq, hash);
    }
  }

  /** Per executable: the parents it was started by, and when it first touched weights. */
  static final class Parents {
    final Set<String> seen = new HashSet<>(4);
    long firstNs;
  }

  public RareLineageDetector(Duration learning, int maxLaunches, int maxPairs) {
    if (learning.isNegative() || maxLaunches < 1 || maxPairs < 1) {
      throw new IllegalArgumentException("learning >= 0, maxLaunches >= 1 and maxPairs >= 1 required");
    }
    this.learning = learning;
    this.maxLaunches = maxLaunches;
    this.maxPairs = maxPairs;
    this.launches = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Launch> eldest) {
        return size() > RareLineageDetector.this.maxLaunches;
      }
    };
    this.exes = new LinkedHashMap<>(256, 0.75f, true);
  }

  @Override
  public String id() {
    return ID;
  }

  static String processKey(ProcessInfo p) {
    return p.pid() + "@" + p.startTimeNs();
  }

  @Override
  public void observe(RecordedEvent r, long nowNs, Consumer<AlertEvent> out) {
    switch (r.event()) {
      case ProcessEvent p when p.parentExe() != null && p.process().startTimeNs() > 0 ->
          launches.put(processKey(p.process()), new Launch(p.parentExe(), AlertEvent.Citation.of(r)));
      case FileEvent f when f.asset() == AssetKind.MODEL_WEIGHTS && f.process().exe() != null -> access(r, f, nowNs, out);
      default -> { }
    }
  }

  private void access(RecordedEvent r, FileEvent f, long nowNs, Consumer<AlertEvent> out) {
    Launch launch = f.process().startTimeNs() > 0 ? launches.get(processKey(f.process())) : null;
    if (launch == null) {
      unknownLineage++;
      return;
    }
    String exe = f.process().exe();
    Parents p = exes.get(exe);
    if (p == null) {
      p = new Parents();
      p.firstNs = nowNs;
      exes.put(exe, p);
    }
    if (p.seen.contains(launch.parentExe())) {
      return;
    }
    boolean learned = nowNs - p.firstNs >= learning.toNanos();
    int known = p.seen.size();
    if (pairs < maxPairs) {
      p.seen.add(launch.parentExe());
      pairs++;
    } else {
      evictFor(exe);
      if (pairs < maxPairs) {
        p.seen.add(launch.parentExe());
        pairs++;
      }
    }
    if (!learned) {
      return;
    }
    String parent = launch.parentExe();
    out.accept(new AlertEvent(nowNs, f.host(), ID, "Weights touched by " + exe + " started from an unusual parent " + parent,
        "Since it first touched model weights, " + exe + " was started by " + known + " other parent executable(s), never by "
            + parent + ": an unusual lineage for a process reading weights (a shell or a remote session in the chain).",
        AlertSeverity.MEDIUM, List.of("T1059", "T1005", "nist-ai-rmf:MS-2.7", "eu-ai-act:art-15"),
        List.of(AlertEvent.Citation.of(r), launch.cite()), exe + "|" + parent, 0,
        RareTimeDetector.who(f) + " " + f.activity().id() + " " + f.path() + ", started by " + parent, "detector",
        new AlertEvent.Measure("parents_seen", known, 1, 0)));
  }

  /** Frees the pairs of the least recently used executables other than {@code keep}. */
  private void evictFor(String keep) {
    var it = exes.entrySet().iterator();
    while (it.hasNext() && pairs >= maxPairs) {
      var e = it.next();
      if (!e.getKey().equals(keep)) {
        pairs -= e.getValue().seen.size();
        it.remove();
        evicted++;
      }
    }
  }

  /** Weights accesses whose process launch was not seen (not judged). */
  public long unknownLineage() {
    return unknownLineage;
  }

  /** Executables whose learned parents were evicted to stay within {@code maxPairs}. */
  public long evicted() {
    return evicted;
  }

  /** (executable, parent) pairs held. */
  public int pairs() {
    return pairs;
  }

  public int launches() {
    return launches.size();
  }

  @Override
  public void save(Path dir) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (var e : exes.entrySet()) {
      rows.add(new String[] {"exe", e.getKey(), Long.toString(e.getValue().firstNs)});
      for (String parent : e.getValue().seen) {
        rows.add(new String[] {"parent", e.getKey(), parent});
      }
    }
    for (var e : launches.entrySet()) {
      Launch l = e.getValue();
      rows.add(new String[] {"launch", e.getKey(), l.parentExe(), Long.toString(l.cite().seq()), l.cite().hash()});
    }
    StateFile.write(dir, FILE, HEADER, rows);
  }

  @Override
  public void load(Path dir) throws IOException {
    StateFile.Loaded f = StateFile.read(dir, FILE, HEADER);
    if (f == null) {
      return;
    }
    exes.clear();
    launches.clear();
    pairs = 0;
    for (int i = 0; i < f.rows().size(); i++) {
      String[] row = f.rows().get(i);
      switch (row[0]) {
        case "exe" -> {
          Parents p = new Parents();
          p.firstNs = f.number(i, 2);
          exes.put(row[1], p);
        }
        case "parent" -> {
          Parents p = exes.get(row[1]);
          if (p == null || row.length != 3 || row[2] == null) {
            throw new IOException(f.file() + ":" + (i + 2) + ": parent line before its exe line, or not 3 fields");
          }
          if (pairs < maxPairs && p.seen.add(row[2])) {
            pairs++;
          }
        }
        case "launch" -> {
          if (row.length != 5) {
            throw new IOException(f.file() + ":" + (i + 2) + ": expected 5 fields in a launch line, found " + row.length);
          }
          if (row[2] == null || row[4] == null) {
            throw new IOException(f.file() + ":" + (i + 2) + ": a launch line lacks its parent or hash");
          }
          try {
            launches.put(row[1], new Launch(row[2], new AlertEvent.Citation(f.number(i, 3), row[4])));
          } catch (IllegalArgumentException e) {
            throw new IOException(f.file() + ":" + (i + 2) + ": " + e.getMessage(), e);
          }
        }
        default -> throw new IOException(f.file() + ":" + (i + 2) + ": unknown line kind '" + row[0] + "'");
      }
    }
  }
}
