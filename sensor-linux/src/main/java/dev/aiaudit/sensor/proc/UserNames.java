package dev.aiaudit.sensor.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * uid to user name from {@code /etc/passwd}, cached; the file is read again (at most once per
 * {@link #RELOAD_INTERVAL_NS}) when an unknown uid shows up. Thread-safe.
 */
public final class UserNames {
  static final long RELOAD_INTERVAL_NS = 30_000_000_000L;

  private final Path passwd;
  private volatile Map<Integer, String> names = Map.of();
  private volatile long loadedAtNanos = Long.MIN_VALUE / 2;
  private final Map<Integer, Boolean> unknown = new ConcurrentHashMap<>();

  public UserNames(Path passwd) {
    this.passwd = passwd;
  }

  public static UserNames system() {
    return new UserNames(Path.of("/etc/passwd"));
  }

  /** The name of {@code uid}, or {@code null} when /etc/passwd does not list it. */
  public String nameOf(int uid) {
    if (uid < 0) {
      return null;
    }
    String n = names.get(uid);
    if (n == null && System.nanoTime() - loadedAtNanos > RELOAD_INTERVAL_NS) {
      reload();
      n = names.get(uid);
    }
    if (n == null) {
      unknown.put(uid, Boolean.TRUE);
    }
    return n;
  }

  private void reload() {
    loadedAtNanos = System.nanoTime();
    try {
      names = parse(Files.readString(passwd));
    } catch (IOException e) {
      // an unreadable passwd leaves names empty; events keep the uid
      names = Map.of();
    }
  }

  /** Parses passwd lines {@code name:x:uid:gid:...}; malformed lines are skipped. */
  static Map<Integer, String> parse(String content) {
    Map<Integer, String> m = new HashMap<>();
    for (String line : content.split("\n")) {
      String[] f = line.split(":", 4);
      if (f.length < 4 || line.startsWith("#")) {
        continue;
      }
      try {
        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
      } catch (NumberFormatException e) {
        // skip
      }
    }
    return Map.copyOf(m);
  }
}
