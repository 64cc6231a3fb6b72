package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CorruptRecordException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.format.SegmentReader;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.RecordedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The iterator behind {@link Journal#read}: segment by segment, checking seq and chain as it goes. */
final class JournalReader implements Iterator<RecordedEvent>, AutoCloseable {

  private final Path dir;
  private final List<Segments.Segment> segments;
  private final long fromSeq;
  private final MessageDigest sha = Journal.sha256();
  private int index;
  private SegmentReader current;
  private long expected = -1;
  private byte[] hash;
  private byte[] next = new byte[JournalRecord.HASH_LENGTH];
  private RecordedEvent pending;
  private boolean done;

  private JournalReader(Path dir, List<Segments.Segment> segments, long fromSeq) {
    this.dir = dir;
    this.segments = segments;
    this.fromSeq = fromSeq;
  }

  static Stream<RecordedEvent> stream(Path dir, long fromSeq) {
    if (!Files.isDirectory(dir)) {
      throw new JournalException("journal directory " + dir + " does not exist");
    }
    List<Segments.Segment> all;
    try {
      all = Segments.list(dir);
    } catch (IOException e) {
      throw new JournalException("cannot list journal " + dir + ": " + Journal.describe(e), e);
    }
    int start = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).firstSeq() <= fromSeq) {
        start = i;
      }
    }
    JournalReader r = new JournalReader(dir, all.subList(start, all.size()), fromSeq);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(r::close);
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !done) {
      try {
        advance();
      } catch (IOException e) {
        close();
        throw new JournalException("cannot read journal " + dir + ": " + Journal.describe(e), e);
      }
    }
    return pending != null;
  }

  @Override
  public RecordedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RecordedEvent r = pending;
    pending = null;
    return r;
  }

  private void advance() throws IOException {
    while (true) {
      if (current == null) {
        if (index >= segments.size()) {
          done = true;
          return;
        }
        Segments.Segment seg = segments.get(index);
        current = SegmentReader.open(seg.path());
        SegmentHeader h;
        try {
          h = current.readHeader();
        } catch (CorruptRecordException e) {
          if (index == segments.size() - 1 && current.size() < SegmentHeader.SIZE) {
            done = true;
            close();
            return;
          }
          throw damaged(seg.path() + ": " + e.getMessage());
        }
        if (h.firstSeq() != seg.firstSeq() || (expected != -1 && h.firstSeq() != expected)) {
          throw damaged(seg.path() + ": starts at seq " + h.firstSeq() + ", expected " + (expected == -1 ? seg.firstSeq() : expected));
        }
        if (hash != null && !Arrays.equals(hash, h.prevHash())) {
          throw damaged(seg.path() + ": does not continue the hash chain");
        }
        hash = h.prevHash();
        expected = h.firstSeq();
      }
      SegmentReader.Status s = current.next();
      switch (s) {
        case RECORD -> {
          JournalRecord rec = current.record();
          if (rec.seq() != expected) {
            throw damaged("%s offset %d: seq %d where %d belongs".formatted(current.file(), current.recordPosition(), rec.seq(), expected));
          }
          rec.computeHash(sha, hash, next);
          if (!rec.hashEquals(next)) {
            throw damaged("%s offset %d: record %d does not match its chain hash".formatted(current.file(), current.recordPosition(), expected));
          }
          byte[] t = hash;
          hash = next;
          next = t;
          expected++;
          if (rec.seq() >= fromSeq) {
            pending = RecordedEvent.of(rec.seq(), hash.clone(), EventCodec.decode(rec.payload()));
            return;
          }
        }
        case END -> {
          current.close();
          current = null;
          index++;
        }
        case TORN, CORRUPT_AT_END -> {
          if (index == segments.size() - 1) {
            done = true;
            close();
            return;
          }
          throw damaged("%s offset %d: record %d: %s".formatted(current.file(), current.recordPosition(), expected, current.problem()));
        }
        case CORRUPT -> throw damaged("%s offset %d: record %d: %s".formatted(current.file(), current.recordPosition(), expected, current.problem()));
      }
    }
  }

  private JournalException damaged(String what) {
    close();
    done = true;
    return new JournalException("journal " + dir + " is damaged (" + what + "); run `ai-audit verify --journal " + dir + "`");
  }

  @Override
  public void close() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // read-only channel: nothing to lose
      }
      current = null;
    }
  }
}
