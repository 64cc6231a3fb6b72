package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.testing.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The writer child of {@link CrashTest}: appends batches of random size forever and prints
 * {@code ACK <last seq>} after each append returns. Args: journal dir, segment bytes, seed.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long segmentBytes = Long.parseLong(args[1]);
    Random rnd = new Random(Long.parseLong(args[2]));
    Journal j = Journal.open(dir, JournalOptions.defaults().withSegmentBytes(segmentBytes).withCheckpointEveryRecords(5_000));
    System.out.println("OPEN " + j.lastSeq() + " " + j.recovery().trimmedBytes());
    System.out.flush();
    long i = j.lastSeq();
    while (true) {
      int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 3000);
      List<Event> batch = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        batch.add(Events.sample(i, 1_767_225_600_000_000_000L + i));
        i++;
      }
      j.append(batch);
      System.out.println("ACK " + j.lastSeq());
      System.out.flush();
    }
  }
}
