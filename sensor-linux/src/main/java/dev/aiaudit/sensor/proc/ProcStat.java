package dev.aiaudit.sensor.proc;

/**
 * The fields of {@code /proc/PID/stat} the sensor needs. The second field, {@code comm}, is in
 * parentheses and may itself hold spaces and parentheses, so the fields after it are found from the
 * <em>last</em> {@code ')'} of the line (proc(5)).
 *
 * @param pid process id (field 1)
 * @param comm command name, up to 15 bytes (field 2)
 * @param state state letter (field 3)
 * @param ppid parent pid (field 4)
 * @param startTicks start time after boot in clock ticks (field 22)
 */
public record ProcStat(int pid, String comm, char state, int ppid, long startTicks) {

  /** Index of {@code starttime} among the fields that follow {@code comm} (field 22 minus 3). */
  private static final int START_TIME_INDEX = 19;

  /**
   * Parses one stat line.
   *
   * @throws IllegalArgumentException when the line is not a stat line
   */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line));
    }
    int pid = Integer.parseInt(line.substring(0, open).trim());
    String comm = line.substring(open + 1, close);
    String[] rest = line.substring(close + 1).trim().split(" ");
    if (rest.length <= START_TIME_INDEX) {
      throw new IllegalArgumentException("short /proc/PID/stat line: " + abbreviate(line));
    }
    char state = rest[0].isEmpty() ? '?' : rest[0].charAt(0);
    int ppid = Integer.parseInt(rest[1]);
    long start = Long.parseLong(rest[START_TIME_INDEX]);
    return new ProcStat(pid, comm, state, ppid, start);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
