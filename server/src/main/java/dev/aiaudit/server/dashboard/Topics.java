package dev.aiaudit.server.dashboard;

/** The live-feed topic of a record class: its {@code query --class} name where it has a well-known one, else {@code class-<uid>}. */
final class Topics {
  private Topics() {}

  static String of(int classUid) {
    return switch (classUid) {
      case 1001 -> "file";
      case 1007 -> "process";
      case 1008 -> "sensor";
      case 2003 -> "finding";
      case 2004 -> "alert";
      default -> "class-" + classUid;
    };
  }
}
