package dev.aiaudit.cli.wiring;

import dev.aiaudit.export.RecordSource;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalException;
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
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The journal as exporters read it, resuming where the last pass stopped: it remembers the file position and the
 * chain hash before each of the last records it returned, so the next {@code read(seq)} of such a record seeks
 * straight there instead of re-reading (and re-hashing) its segment from the start. Any other seq starts at the
 * beginning of the segment holding it, like {@link Journal#read}. Seq continuity, chain hashes and segment links are
 * checked as in {@link Journal#read}; an incomplete record at the very end (a write in progress) ends a pass quietly.
 */
final class JournalTail implements RecordSource {
  private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");
  private static final int MARKS = 64;

  private final Journal journal;
  private final Path dir;
  private final Map<Long, Mark> marks = new LinkedHashMap<>(MARKS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Mark> e) {
      return size() > MARKS;
    }
  };

  /** Where record {@code seq} starts, and the chain hash of the record before it. */
  // Visible for testing: passes that resumed at a remembered position
  final java.util.concurrent.atomic.AtomicLong resumed = new java.util.concurrent.atomic.AtomicLong();

  private record Mark(long seq, Path segment, long position, byte[] prevHash) {}

  JournalTail(Journal journal) {
    this.journal = journal;
    this.dir = journal.directory();
  }

  @Override
  public long durableSeq() {
    return journal.durableSeq();
  }

  @Override
  public Stream<RecordedEvent> read(long fromSeq) {
    Mark m;
    synchronized (marks) {
      m = marks.get(fromSeq);
    }
    boolean resume = m != null && Files.exists(m.segment());
    if (resume) {
      resumed.incrementAndGet();
    }
    Reader r = new Reader(fromSeq, resume ? m : null);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(r::close);
  }

  private void remember(Mark m) {
    synchronized (marks) {
      marks.put(m.seq(), m);
    }
  }

  static TreeMap<Long, Path> segments(Path dir) {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.put(Long.parseLong(m.group(1)), p);
        }
      });
    } catch (IOException e) {
      throw new JournalException("cannot list journal " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private final class Reader implements Iterator<RecordedEvent>, AutoCloseable {
    private final long fromSeq;
    private final MessageDigest sha;
    private Mark start;
    private SegmentReader current;
    private Path currentPath;
    private long expected = -1;
    private byte[] hash;
    private RecordedEvent pending;
    private Mark pendingMark;
    private boolean done;

    Reader(long fromSeq, Mark start) {
      this.fromSeq = fromSeq;
      this.start = start;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean hasNext() {
      if (pending == null && !done) {
        try {
          advance();
        } catch (IOException e) {
          close();
          throw new JournalException("cannot read journal " + dir + ": " + e.getMessage(), e);
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
      remember(pendingMark);
      pending = null;
      return r;
    }

    /** Opens the segment to continue in; false when there is none (the end of the journal for now). */
    private boolean open() throws IOException {
      if (start != null) {
        current = SegmentReader.open(start.segment());
        currentPath = start.segment();
        current.seek(start.position());
        expected = start.seq();
        hash = start.prevHash().clone();
        start = null;
        return true;
      }
      TreeMap<Long, Path> all = segments(dir);
      Map.Entry<Long, Path> e = expected == -1 ? all.floorEntry(Math.max(1, fromSeq)) : all.get(expected) == null ? null
          : Map.entry(expected, all.get(expected));
      if (e == null && expected == -1) {
        e = all.firstEntry();
      }
      if (e == null) {
        return false;
      }
      current = SegmentReader.open(e.getValue());
      currentPath = e.getValue();
      SegmentHeader h;
      try {
        h = current.readHeader();
      } catch (CorruptRecordException ex) {
        if (all.lastKey().equals(e.getKey())) {
          close();
          return false;
        }
        throw damaged(e.getValue() + ": " + ex.getMessage());
      }
      if (h.firstSeq() != e.getKey() || (expected != -1 && h.firstSeq() != expected)) {
        throw damaged(e.getValue() + ": starts at seq " + h.firstSeq());
      }
      if (hash != null && !Arrays.equals(hash, h.prevHash())) {
        throw damaged(e.getValue() + ": does not continue the hash chain");
      }
      hash = h.prevHash();
      expected = h.firstSeq();
      return true;
    }

    private void advance() throws IOException {
      while (true) {
        if (current == null && !open()) {
          done = true;
          return;
        }
        long pos = current.position();
        SegmentReader.Status s = current.next();
        switch (s) {
          case RECORD -> {
            JournalRecord rec = current.record();
            if (rec.seq() != expected) {
              throw damaged("%s offset %d: seq %d where %d belongs".formatted(currentPath, pos, rec.seq(), expected));
            }
            byte[] next = new byte[JournalRecord.HASH_LENGTH];
            rec.computeHash(sha, hash, next);
            if (!rec.hashEquals(next)) {
              throw damaged("%s offset %d: record %d does not match its chain hash".formatted(currentPath, pos, expected));
            }
            byte[] before = hash;
            hash = next;
            expected++;
            if (rec.seq() >= fromSeq) {
              pending = RecordedEvent.of(rec.seq(), next, EventCodec.decode(rec.payload()));
              pendingMark = new Mark(rec.seq(), currentPath, pos, before);
              return;
            }
          }
          case END -> {
            current.close();
            current = null;
            if (!segments(dir).containsKey(expected)) {
              // the writer has not started the next segment: resume here next time
              done = true;
              return;
            }
          }
          case TORN, CORRUPT_AT_END -> {
            if (isLast()) {
              done = true;
              close();
              return;
            }
            throw damaged("%s offset %d: record %d: %s".formatted(currentPath, pos, expected, current.problem()));
          }
          case CORRUPT -> throw damaged("%s offset %d: record %d: %s".formatted(currentPath, pos, expected, current.problem()));
        }
      }
    }

    private boolean isLast() {
      TreeMap<Long, Path> all = segments(dir);
      return all.isEmpty() || all.lastEntry().getValue().equals(currentPath);
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
          // read-only
        }
        current = null;
      }
    }
  }
}
