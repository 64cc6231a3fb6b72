package dev.aiaudit.sensor.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small reads of {@code /proc/PID/*}; each returns {@code null} (or -1, or NONE) when the entry is gone or unreadable. */
final class ProcFiles {

  private ProcFiles() {}

  static String readExe(Path dir) {
    return link(dir.resolve("exe"));
  }

  static String readCwd(Path dir) {
    return link(dir.resolve("cwd"));
  }

  private static String link(Path p) {
    try {
      String s = Files.readSymbolicLink(p).toString();
      return s.endsWith(" (deleted)") ? s.substring(0, s.length() - 10) : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Real uid from the {@code Uid:} line of status (readable for zombies too), or -1. */
  static int readUid(Path dir) {
    try {
      for (String line : Files.readAllLines(dir.resolve("status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return Integer.parseInt(f[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Arguments joined by single spaces (NULs become spaces), or {@code null} for kernel threads and gone processes. */
  static String readCmdline(Path dir) {
    return ProcessResolver.readCmdline(dir.resolve("cmdline"));
  }

  static CgroupInfo readCgroup(Path dir) {
    return ProcessResolver.readCgroup(dir.resolve("cgroup"));
  }


  static ProcStat readStat(Path dir) {
    try {
      return ProcStat.parse(Files.readString(dir.resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
