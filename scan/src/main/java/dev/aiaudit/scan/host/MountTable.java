package dev.aiaudit.scan.host;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mount points and their options, from {@code /proc/self/mountinfo} (per-mount and super-block options
 * merged; the last mount on a mount point is the visible one) or from {@code /etc/fstab} for an image.
 *
 * @param options mount point to its options
 */
public record MountTable(Map<String, List<String>> options) {

  public MountTable {
    options = Map.copyOf(options);
  }

  /** Parses mountinfo ({@code id parent maj:min root mountpoint opts ... - fstype source superopts}). */
  public static MountTable parseMountinfo(String text) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 6) {
        continue;
      }
      int dash = Arrays.asList(f).indexOf("-");
      List<String> opts = new java.util.ArrayList<>(Arrays.asList(f[5].split(",")));
      if (dash > 0 && f.length > dash + 3) {
        opts.addAll(Arrays.asList(f[dash + 3].split(",")));
      }
      map.put(unescape(f[4]), List.copyOf(opts));
    }
    return new MountTable(map);
  }

  /** Parses fstab ({@code source mountpoint type options dump pass}). */
  public static MountTable parseFstab(String text) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split("\\s+");
      if (f.length >= 4) {
        map.put(unescape(f[1]), List.of(f[3].split(",")));
      }
    }
    return new MountTable(map);
  }

  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
  }
}
