package dev.aiaudit.sensor.fanotify;

import java.util.Arrays;

/**
 * Directories seen in FID mode, keyed by a 64-bit hash of (fsid, file handle): an open-addressing
 * table with no allocation per lookup, cleared when 3/4 full. Not thread-safe: reader thread only.
 */
final class DirCache {
  /** A resolved directory: its path, whether it is watched, whether it holds a watched device node, its file system. */
  record Dir(String path, boolean watched, boolean deviceParent, long resolvedAtNanos, WatchedFs fs) {}

  private final long[] keys;
  private final Dir[] values;
  private final int mask;
  private int size;

  DirCache(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
    }
    keys = new long[capacityPowerOfTwo];
    values = new Dir[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
  }

  Dir get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      Dir v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return v;
      }
    }
  }

  void put(long key, Dir dir) {
    if (size >= (values.length >> 2) * 3) {
      Arrays.fill(values, null);
      size = 0;
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        keys[i] = key;
        values[i] = dir;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = dir;
        return;
      }
    }
  }

  void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
