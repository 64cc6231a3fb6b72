package dev.aiaudit.server.dashboard;

import java.util.function.Function;

/** One server-rendered page: its path, title, the live-feed topics that make it re-read, and its content. */
interface Page {
  String path();

  String title();

  /** Space-separated topics ({@link Topics}); the page re-reads its content when the feed names one. */
  String topics(Queries q);

  /** The inner HTML of {@code <main>}; every value escaped through {@link Html}. */
  String content(Queries q, Function<String, String> param, Principal who);
}
