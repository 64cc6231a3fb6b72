package dev.aiaudit.sensor.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Load child of {@link OpenRateBench}: opens, reads 4 KiB from and closes files {@code dir/f<i>}
 * (i in [0, files)) round robin at {@code rate} opens/s (0 = as fast as possible) for {@code
 * seconds}, paced per millisecond; prints {@code opens=<n> seconds=<elapsed>}.
 *
 * <p>{@code java ... OpenLoad <dir> <rate> <seconds> <files>}
 */
public final class OpenLoad {
  private OpenLoad() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long rate = Long.parseLong(args[1]);
    double seconds = Double.parseDouble(args[2]);
    int files = Integer.parseInt(args[3]);
    Path[] paths = new Path[files];
    for (int i = 0; i < files; i++) {
      paths[i] = dir.resolve("f" + i);
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    long start = System.nanoTime();
    long end = seconds > 0 ? start + (long) (seconds * 1e9) : Long.MAX_VALUE;
    long opens = 0;
    int next = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end || (rate == 0 && seconds <= 0 && opens >= files)) {
        break;
      }
      long due = rate == 0 ? opens + 64 : (long) ((now - start) / 1e9 * rate);
      if (opens >= due) {
        Thread.onSpinWait();
        if (rate > 0 && due - opens < -2) {
          sleepMicros(200);
        }
        continue;
      }
      while (opens < due) {
        try (FileChannel ch = FileChannel.open(paths[next], StandardOpenOption.READ)) {
          buf.clear();
          ch.read(buf);
        }
        opens++;
        next = next + 1 == files ? 0 : next + 1;
        if (rate == 0 && seconds <= 0 && opens >= files) {
          break;
        }
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("opens=%d seconds=%.3f%n", opens, elapsed);
  }

  private static void sleepMicros(long us) {
    try {
      Thread.sleep(0, (int) (us * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
