package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.StoreException;
import dev.aiaudit.store.StoreException.Reason;
import dev.aiaudit.store.StoreStats;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventStore} on an embedded DuckDB file (schema in {@link Schema}).
 *
 * <p>Writes go through one connection under {@link #writeLock}. {@link #insert} inserts the batch with one
 * {@code INSERT ... SELECT} over this store's Java table function ({@link RowFeed}: whole column vectors, no per-value
 * call) inside an open transaction; every {@link #FLUSH_ROWS} rows,
 * at the first insert {@link #FLUSH_INTERVAL_NANOS} after the oldest buffered row, and on {@link
 * #flush}, {@link #query}, {@link #stats}, {@link #close}, the transaction
 * commits, so a flush window is indexed entirely or not at all. Committing per 4096-row batch instead costs several times the CPU (each commit goes
 * through the write-ahead log and small row groups). Rows buffered at a crash are not lost: the
 * journal has them, and the catch-up from {@link #lastSeq()} + 1 at the next start restores them.
 * Queries run on a duplicate of the connection each, so they may run from any thread.
 *
 * <p>Idempotence without a unique index: rows with a seq above {@link #lastSeq()} are new by
 * construction (the only writer is this object); only rows at or below it are looked up, with one
 * range query per batch that DuckDB answers from the seq zone maps.
 */
public final class DuckDbEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbEventStore.class);

  /**
   * Rows inserted in the open transaction before a commit: one DuckDB row group, so that each commit writes
   * whole compressed row groups straight to the file instead of through the write-ahead log.
   */
  static final int FLUSH_ROWS = 122_880;

  /** Longest time a row waits uncommitted when inserts keep coming (callers may {@link #flush} sooner). */
  static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

  /** Longest time between checkpoints while rows are flushed: the staleness of a snapshot copy. */
  static final long CHECKPOINT_INTERVAL_NANOS = 60_000_000_000L;

  /** Largest file {@link #openSnapshot} copies. */
  static final long MAX_SNAPSHOT_BYTES = 2L * 1024 * 1024 * 1024;

  /** WAL size that triggers a checkpoint (DuckDB's default, 16MB, checkpoints every few batches). */
  static final String CHECKPOINT_THRESHOLD = "256MB";

  /**
   * DuckDB worker threads of the writing process: half the cores (at least one), leaving the rest to
   * the sensor and the journal. With DuckDB's default (all cores) the same load took 30% more CPU
   * on a 2-core host (its workers spin on each commit).
   */
  static final int WRITER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** Memory DuckDB may use for its buffer pool; it spills to a temp directory beyond. */
  static final String MEMORY_LIMIT = "1GB";


  private final Path file;
  private final boolean readOnly;
  private final DuckDBConnection conn;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final int flushRows;
  private final RowFeed feed; // null when read-only; guarded by writeLock
  private long pendingRows; // guarded by writeLock
  private long pendingSinceNanos; // guarded by writeLock
  private long lastCheckpointNanos = System.nanoTime(); // guarded by writeLock
  private final Path snapshotDir; // a temporary copy's directory, deleted on close; null otherwise
  private volatile long lastSeq;
  private volatile boolean closed;

  private DuckDbEventStore(Path file, boolean readOnly, DuckDBConnection conn, Path snapshotDir) throws SQLException {
    this.file = file;
    this.snapshotDir = snapshotDir;
    this.readOnly = readOnly;
    this.conn = conn;
    this.flushRows = FLUSH_ROWS;
    this.feed = readOnly ? null : RowFeed.register(conn);
    this.lastSeq = selectLastSeq();
  }

  /**
   * Opens the store at {@code file}; see {@link EventStore#openDuckDb} and {@link
   * EventStore#openDuckDbReadOnly}.
   */
  public static DuckDbEventStore open(Path file, boolean readOnly) {
    return open(file, readOnly, null);
  }

  /**
   * Opens a read-only copy of {@code file} as of the writer's last checkpoint, for querying while
   * another process holds the file (see {@link EventStore#openDuckDbSnapshot}).
   */
  public static DuckDbEventStore openSnapshot(Path file, boolean writable) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.exists(abs)) {
      return open(abs, true); // the NOT_FOUND error
    }
    Path dir = null;
    try {
      long size = Files.size(abs);
      if (size > MAX_SNAPSHOT_BYTES) {
        throw new StoreException(Reason.FAILED, abs, "event store " + abs + " is too large to copy for a snapshot ("
            + size / (1024 * 1024) + " MiB > " + MAX_SNAPSHOT_BYTES / (1024 * 1024) + " MiB)");
      }
      dir = Files.createTempDirectory("ai-audit-snapshot-");
      Path copy = dir.resolve(abs.getFileName());
      Files.copy(abs, copy); // the main file only: its last checkpoint, without the write-ahead log
      return open(copy, !writable, dir);
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new StoreException(Reason.FAILED, abs, "cannot copy event store " + abs + " for a snapshot: " + e, e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  private static DuckDbEventStore open(Path file, boolean readOnly, Path snapshotDir) {
    Path abs = file.toAbsolutePath().normalize();
    String action = readOnly ? Failures.READ_ONLY_OPEN : "create";
    if (readOnly) {
      if (!Files.exists(abs)) {
        throw new StoreException(Reason.NOT_FOUND, abs, "no event store at " + abs
            + " (run 'ai-audit watch' or 'ai-audit reindex' first, or pass --data-dir)");
      }
    } else {
      prepareDirectory(abs);
      if (Files.exists(abs) && (!Files.isRegularFile(abs) || !Files.isWritable(abs))) {
        throw new StoreException(Reason.NOT_WRITABLE, abs, "cannot open event store " + abs + ": "
            + (Files.isRegularFile(abs) ? "the file is not writable" : "not a regular file"));
      }
    }
    Properties props = new Properties();
    if (readOnly) {
      props.setProperty("duckdb.read_only", "true");
    }
    Connection c;
    try {
      c = DriverManager.getConnection("jdbc:duckdb:" + abs, props);
    } catch (SQLException e) {
      throw Failures.classify(action, abs, e);
    }
    try {
      DuckDBConnection dc = c.unwrap(DuckDBConnection.class);
      try (Statement s = dc.createStatement()) {
        s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
        if (!readOnly) {
          s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
          s.execute("SET threads = " + WRITER_THREADS);
        }
      }
      if (readOnly) {
        Schema.check(dc, abs);
      } else {
        Schema.create(dc, abs);
        try (Statement s = dc.createStatement()) {
          s.execute("CHECKPOINT"); // the schema in the main file, so that snapshot copies see it
        }
      }
      return new DuckDbEventStore(abs, readOnly, dc, snapshotDir);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e instanceof StoreException se ? se : Failures.classify(action, abs, e);
    }
  }

  private static void prepareDirectory(Path abs) {
    Path dir = abs.getParent();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(Reason.NOT_WRITABLE, abs, "cannot create event store " + abs + ": "
          + e.getFile() + " is not a directory", e);
    } catch (AccessDeniedException e) {
      throw new StoreException(Reason.NOT_WRITABLE, abs, "cannot create event store " + abs + ": "
          + "permission denied on " + e.getFile(), e);
    } catch (FileSystemException e) {
      String why = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      Reason r = why.toLowerCase(java.util.Locale.ROOT).contains("no space") ? Reason.DISK_FULL : Reason.NOT_WRITABLE;
      throw new StoreException(r, abs, "cannot create event store " + abs + ": " + e.getFile() + ": " + why, e);
    } catch (IOException e) {
      throw new StoreException(Reason.NOT_WRITABLE, abs, "cannot create event store " + abs + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException(Reason.NOT_WRITABLE, abs, "cannot create event store " + abs + ": directory " + dir
          + " is not writable");
    }
  }

  @Override
  public int insert(List<RecordedEvent> batch) {
    if (readOnly) {
      throw new UnsupportedOperationException("event store " + file + " is open read-only");
    }
    if (batch.isEmpty()) {
      return 0;
    }
    writeLock.lock();
    try {
      ensureOpen();
      List<RecordedEvent> fresh = freshRecords(batch);
      if (fresh.isEmpty()) {
        return 0;
      }
      long max = lastSeq;
      for (RecordedEvent r : fresh) { // checked before any row reaches DuckDB
        RowWriter.checkHash(r);
        max = Math.max(max, r.seq());
      }
      if (pendingRows == 0) {
        conn.setAutoCommit(false); // one transaction per flush window, not one per batch
      }
      try {
        feed.insert(conn, fresh);
      } catch (SQLException | RuntimeException e) {
        discardOpenWindow();
        throw e;
      }
      lastSeq = max;
      if (pendingRows == 0) {
        pendingSinceNanos = System.nanoTime();
      }
      pendingRows += fresh.size();
      if (pendingRows >= flushRows || System.nanoTime() - pendingSinceNanos >= FLUSH_INTERVAL_NANOS) {
        flushLocked();
      }
      return fresh.size();
    } catch (SQLException e) {
      throw Failures.classify("write", file, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Commits the rows of the open transaction, making them visible to queries on other
   * connections. {@link #query}, {@link #stats} and {@link #close} flush first.
   *
   * @throws StoreException when the rows could not be written; they are then dropped from the index
   *     (the journal still has them: the next start's catch-up, or a reindex, restores them)
   */
  @Override
  public void flush() {
    if (readOnly) {
      return;
    }
    writeLock.lock();
    try {
      ensureOpen();
      flushLocked();
    } catch (SQLException e) {
      throw Failures.classify("write", file, e);
    } finally {
      writeLock.unlock();
    }
  }

  private void flushLocked() throws SQLException {
    if (pendingRows == 0) {
      return;
    }
    try {
      if (!conn.getAutoCommit()) {
        conn.commit();
        conn.setAutoCommit(true);
      }
      pendingRows = 0;
    } catch (SQLException | RuntimeException e) {
      discardOpenWindow();
      throw e;
    }
    if (System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS) {
      checkpointLocked();
    }
  }

  /**
   * Writes everything committed into the main database file (DuckDB does so on its own only when the
   * write-ahead log reaches {@link #CHECKPOINT_THRESHOLD}); snapshot copies see the state of the last
   * checkpoint. The writer calls this at most every {@link #CHECKPOINT_INTERVAL_NANOS} on a flush.
   */
  @Override
  public void checkpoint() {
    if (readOnly) {
      return;
    }
    writeLock.lock();
    try {
      ensureOpen();
      flushLocked();
      checkpointLocked();
    } catch (SQLException e) {
      throw Failures.classify("write", file, e);
    } finally {
      writeLock.unlock();
    }
  }

  private void checkpointLocked() {
    lastCheckpointNanos = System.nanoTime();
    try (Statement s = conn.createStatement()) {
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      LOG.warn("checkpoint of event store {} failed ({}); the rows are committed, snapshots lag behind", file,
          Failures.firstLine(String.valueOf(e.getMessage())));
      LOG.debug("checkpoint failure", e);
    }
  }

  /** After a failed insert or commit: roll the open transaction back (its rows with it), re-read lastSeq. */
  private void discardOpenWindow() {
    pendingRows = 0;
    try {
      if (!conn.getAutoCommit()) {
        try {
          conn.rollback();
        } catch (SQLException e) {
          // A failed COMMIT (full disk) has already ended the transaction: nothing is left to roll back.
          LOG.debug("rollback on event store {}: {}", file, Failures.firstLine(String.valueOf(e.getMessage())));
        }
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.warn("cannot reset the transaction of event store {} ({})", file,
          Failures.firstLine(String.valueOf(e.getMessage())));
      LOG.debug("transaction reset failure", e);
    }
    try {
      lastSeq = selectLastSeq();
    } catch (SQLException e) {
      LOG.warn("cannot re-read the last seq of event store {}", file, e);
    }
  }

  /** The records of {@code batch} not yet indexed, each seq once, in batch order. */
  private List<RecordedEvent> freshRecords(List<RecordedEvent> batch) throws SQLException {
    long known = lastSeq;
    long prev = known;
    boolean simple = true;
    long minOld = Long.MAX_VALUE;
    for (RecordedEvent r : batch) {
      if (r.seq() <= prev) {
        simple = false;
      }
      if (r.seq() <= known) {
        minOld = Math.min(minOld, r.seq());
      }
      prev = r.seq();
    }
    if (simple) {
      return batch; // strictly increasing and all above lastSeq: the common case
    }
    Set<Long> seen = new HashSet<>();
    if (minOld != Long.MAX_VALUE) {
      flushLocked(); // commit first: a failed lookup must not roll the batch's predecessors back
      try (PreparedStatement ps = conn.prepareStatement("SELECT seq FROM events WHERE seq BETWEEN ? AND ?")) {
        ps.setLong(1, minOld);
        ps.setLong(2, known);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getLong(1));
          }
        }
      }
    }
    List<RecordedEvent> fresh = new ArrayList<>(batch.size());
    for (RecordedEvent r : batch) {
      if (seen.add(r.seq())) {
        fresh.add(r);
      }
    }
    return fresh;
  }

  @Override
  public long lastSeq() {
    return lastSeq;
  }

  @Override
  public long truncateAfter(long seq) {
    if (readOnly) {
      throw new UnsupportedOperationException("event store " + file + " is open read-only");
    }
    writeLock.lock();
    try {
      ensureOpen();
      flushLocked();
      long n;
      try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + Schema.TABLE + " WHERE seq > ?")) {
        ps.setLong(1, seq);
        n = ps.executeUpdate();
      }
      lastSeq = selectLastSeq();
      if (n > 0) {
        checkpointLocked();
      }
      return n;
    } catch (SQLException e) {
      throw Failures.classify("write", file, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void clear() {
    if (readOnly) {
      throw new UnsupportedOperationException("event store " + file + " is open read-only");
    }
    writeLock.lock();
    try (Statement s = conn.createStatement()) {
      ensureOpen();
      discardOpenWindow(); // its rows go with the table
      s.execute("DROP TABLE IF EXISTS " + Schema.TABLE);
      s.execute(Schema.CREATE_EVENTS);
      s.execute("CHECKPOINT");
      lastSeq = 0;
    } catch (SQLException e) {
      throw Failures.classify("clear", file, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long query(EventQuery q, Consumer<? super EventRow> sink) {
    ensureOpen();
    flush();
    QuerySql sql = QuerySql.of(q);
    long n = 0;
    try (DuckDBConnection c = conn.duplicate();
        PreparedStatement ps = c.prepareStatement(sql.sql())) {
      dev.aiaudit.store.sql.FilterSql.bind(ps, sql.params());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(RowReader.read(rs));
          n++;
        }
      }
    } catch (SQLException e) {
      throw Failures.classify("query", file, e);
    }
    return n;
  }

  @Override
  public long count(EventQuery q) {
    ensureOpen();
    flush();
    QuerySql sql = QuerySql.count(q);
    try (DuckDBConnection c = conn.duplicate(); PreparedStatement ps = c.prepareStatement(sql.sql())) {
      dev.aiaudit.store.sql.FilterSql.bind(ps, sql.params());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw Failures.classify("query", file, e);
    }
  }

  @Override
  public long[] histogram(EventQuery q, long bucketNs) {
    ensureOpen();
    long[] out = new long[dev.aiaudit.store.sql.FilterSql.buckets(q, bucketNs)];
    flush();
    QuerySql sql = QuerySql.histogram(q, bucketNs);
    try (DuckDBConnection c = conn.duplicate(); PreparedStatement ps = c.prepareStatement(sql.sql())) {
      dev.aiaudit.store.sql.FilterSql.bind(ps, sql.params());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out[(int) rs.getLong(1)] = rs.getLong(2);
        }
      }
    } catch (SQLException e) {
      throw Failures.classify("query", file, e);
    }
    return out;
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    flush();
    try (DuckDBConnection c = conn.duplicate();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), coalesce(max(seq), 0), epoch_ns(min(time)),"
            + " epoch_ns(max(time)) FROM " + Schema.TABLE)) {
      rs.next();
      long rows = rs.getLong(1);
      long max = rs.getLong(2);
      long oldest = rs.getLong(3);
      Instant o = rs.wasNull() ? null : ofNanos(oldest);
      long newest = rs.getLong(4);
      Instant nw = rs.wasNull() ? null : ofNanos(newest);
      return new StoreStats(rows, max, size(file) + size(Path.of(file + ".wal")), o, nw);
    } catch (SQLException e) {
      throw Failures.classify("read", file, e);
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!closed) {
        closed = true;
        try {
          flushLocked();
        } finally {
          conn.close();
          deleteQuietly(snapshotDir);
        }
      }
    } catch (SQLException e) {
      LOG.warn("closing event store {} failed ({}); rows not yet flushed are restored from the journal at the next"
          + " start", file, Failures.firstLine(String.valueOf(e.getMessage())));
      LOG.debug("close failure", e);
    } finally {
      writeLock.unlock();
    }
  }

  private long selectLastSeq() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + Schema.TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("event store " + file + " is closed");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a failed connection", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("cannot delete snapshot copy {}", dir, e);
    }
  }

  private static Instant ofNanos(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0L;
    } catch (IOException e) {
      return 0L;
    }
  }
}
