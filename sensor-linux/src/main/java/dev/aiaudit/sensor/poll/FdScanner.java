package dev.aiaudit.sensor.poll;

import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.sensor.fanotify.RootFilter;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One pass over {@code /proc/[pid]/fd/*}: reports each (process, path) under the filter that is open
 * now and was not open at the previous pass (nor {@linkplain #markSeen marked} since). Used by the
 * {@link ProcFdPoller} for everything and by the fanotify sensor for device nodes, whose opens the
 * kernel may not report through fanotify (in fd mode Linux 6.18 sends no event for a character
 * device, as it would have to open the device for the listener; GPU processes keep their device fds
 * open, so a scan sees them). Not thread-safe.
 */
public final class FdScanner {
  private final Path proc;
  private final RootFilter filter;
  private final ProcessResolver resolver;
  private final int selfPid;
  private final boolean confirm;
  private Set<Key> seen = new HashSet<>();
  private Set<Key> pending = new HashSet<>();
  private volatile long fdsSeen;

  private record Key(int pid, long startNs, String path) {}

  /**
   * @param confirm when true, a holder is reported only when it is still open at the next pass and
   *     was not {@linkplain #markSeen marked} meanwhile (used beside fanotify, whose own event for
   *     the same open usually arrives first); when false, at the first pass that sees it
   */
  public FdScanner(Path proc, RootFilter filter, ProcessResolver resolver, int selfPid, boolean confirm) {
    this.confirm = confirm;
    this.proc = proc;
    this.filter = filter;
    this.resolver = resolver;
    this.selfPid = selfPid;
  }

  /** Matching fds seen over all passes. */
  public long fdsSeen() {
    return fdsSeen;
  }

  /** Records that an open of {@code path} by {@code p} was already reported by another source. */
  public void markSeen(ProcessInfo p, String path) {
    seen.add(new Key(p.pid(), p.startTimeNs(), path));
  }

  /** Scans once; calls {@code newlyOpen} for each holder not seen open at the previous pass. */
  public void scan(BiConsumer<ProcessInfo, String> newlyOpen) throws IOException {
    Set<Key> now = new HashSet<>();
    Set<Key> nextPending = new HashSet<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc)) {
      for (Path dir : pids) {
        int pid = parsePid(dir.getFileName().toString());
        if (pid <= 0 || pid == selfPid) {
          continue;
        }
        List<String> paths = openWatchedFiles(dir.resolve("fd"));
        if (paths.isEmpty()) {
          continue;
        }
        ProcessInfo p = resolver.resolve(pid);
        for (String path : paths) {
          Key k = new Key(pid, p.startTimeNs(), path);
          if (seen.contains(k)) {
            now.add(k);
          } else if (!confirm || pending.contains(k)) {
            if (now.add(k)) {
              newlyOpen.accept(p, path);
            }
          } else {
            nextPending.add(k);
          }
        }
      }
    }
    seen = now;
    pending = nextPending;
  }

  private List<String> openWatchedFiles(Path fdDir) {
    List<String> paths = new ArrayList<>(0);
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("/") && filter.matches(target)) {
            fdsSeen++;
            if (!paths.contains(target)) {
              paths.add(target);
            }
          }
        } catch (IOException | RuntimeException e) {
          // fd closed meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone, or not ours (EACCES without privileges)
    }
    return paths;
  }

  static int parsePid(String name) {
    if (name.isEmpty() || name.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
