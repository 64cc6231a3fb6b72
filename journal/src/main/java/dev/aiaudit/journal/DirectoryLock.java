package dev.aiaudit.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The exclusive lock on a journal directory ({@link Segments#LOCK}): one writer per journal, across processes. */
final class DirectoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or says in one line why it cannot (not writable, or already open). */
  static DirectoryLock acquire(Path dir) throws JournalException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir.resolve(Segments.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new JournalException("cannot write to journal directory " + dir + ": " + Journal.describe(e), e);
    }
    FileLock fl;
    try {
      fl = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      fl = null;
    } catch (IOException e) {
      Segments.closeQuietly(channel);
      throw new JournalException("cannot lock journal " + dir + ": " + Journal.describe(e), e);
    }
    if (fl == null) {
      Segments.closeQuietly(channel);
      throw new JournalException("journal " + dir + " is already open (by this or another process)");
    }
    return new DirectoryLock(dir, channel, fl);
  }

  /** Releases the lock and closes its file. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("journal {}: releasing the lock failed", dir, e);
    }
    Segments.closeQuietly(channel);
  }

  /** Closes the file without releasing first, as a killed process would (the kernel drops the lock). */
  void abandon() {
    Segments.closeQuietly(channel);
  }
}
