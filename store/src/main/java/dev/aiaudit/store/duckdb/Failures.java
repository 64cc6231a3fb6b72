package dev.aiaudit.store.duckdb;

import dev.aiaudit.store.StoreException;
import dev.aiaudit.store.StoreException.Reason;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns DuckDB's error texts into one-line {@link StoreException}s that name the file. */
final class Failures {
  private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

  /** The action named by a read-only open: lock errors then advise on reading, not writing. */
  static final String READ_ONLY_OPEN = "open";

  private Failures() {}

  static StoreException classify(String action, Path file, Exception e) {
    String msg = String.valueOf(e.getMessage());
    String lower = msg.toLowerCase(Locale.ROOT);
    if (lower.contains("could not set lock") || lower.contains("conflicting lock")) {
      Matcher m = LOCK_HOLDER.matcher(msg);
      String holder = m.find() ? " by " + m.group(1) + " (PID " + m.group(2) + ")" : " by another process";
      String advice = action.equals(READ_ONLY_OPEN)
          ? "DuckDB shares a file with no other process while one writes it; run 'ai-audit query' without"
              + " --no-snapshot to query a snapshot (the index's last checkpoint plus the journal's newer records),"
              + " or stop that process"
          : "DuckDB lets no other process open a file while one writes it, nor write it while others read it;"
              + " stop that process (an 'ai-audit query' holds it only briefly) and retry";
      return new StoreException(Reason.LOCKED, file, "event store " + file + " is locked" + holder + ": " + advice, e);
    }
    if (lower.contains("no space left") || lower.contains("disk is full") || lower.contains("out of disk")) {
      return new StoreException(Reason.DISK_FULL, file, "cannot " + action + " event store " + file
          + ": no space left on device", e);
    }
    if (lower.contains("permission denied") || lower.contains("read-only file system")
        || lower.contains("cannot open file") && lower.contains("read-only")) {
      return new StoreException(Reason.NOT_WRITABLE, file, "cannot " + action + " event store " + file
          + ": not writable (" + firstLine(msg) + ")", e);
    }
    if (lower.contains("not a valid duckdb database") || lower.contains("corrupt") || lower.contains("checksum")
        || lower.contains("database file with version number") || lower.contains("serialization error")) {
      return new StoreException(Reason.CORRUPT, file, "event store " + file
          + " is not a readable DuckDB database (corrupt or another format); move it aside and run"
          + " 'ai-audit reindex' to rebuild it from the journal (" + firstLine(msg) + ")", e);
    }
    return new StoreException(Reason.FAILED, file, "cannot " + action + " event store " + file + ": "
        + firstLine(msg), e);
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
