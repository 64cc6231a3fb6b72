package dev.aiaudit.scan.content;

/**
 * The build's content snapshot as constants of a class: {@link ContentCompiler} (Maven {@code process-classes})
 * replaces this class file by one whose {@link #chunks()} returns the snapshot, so that a scan gets it with the
 * classes it loads anyway (from the AOT cache, in a packaged run) instead of opening and indexing its jar, a few
 * milliseconds of a ~50 ms scan. Compiled from source only (before that build step), it has none.
 */
final class ContentSnapshotData {
  private ContentSnapshotData() {}

  /**
   * The snapshot's bytes as strings of one char (0..255) per byte, in order, or {@code null} when this is the class
   * compiled from source.
   */
  static String[] chunks() {
    return null;
  }
}
