package dev.aiaudit.journal;

/** When {@link Journal#append} forces written records to stable storage. */
public enum FsyncPolicy {
  /** Default: one fsync per appended batch (group commit); a returned append is durable. */
  GROUP,
  /**
   * At most one fsync per {@link JournalOptions#fsyncInterval()} (on append, and from a background
   * flusher); only records up to {@link Journal#durableSeq()} are acknowledged as durable.
   */
  INTERVAL,
  /** Never fsync (the OS writes back when it likes); for tests and throw-away data. */
  NONE
}
