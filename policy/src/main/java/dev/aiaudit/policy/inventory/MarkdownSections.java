package dev.aiaudit.policy.inventory;

import java.util.List;
import java.util.Locale;

/** Pulls the text of a Markdown section (by heading) out of a model card body. */
final class MarkdownSections {

  private static final int MAX_CHARS = 2000;

  private MarkdownSections() {}

  /** The text under the first heading that contains one of {@code needles} (case-insensitive), or null. */
  static String first(String markdown, String... needles) {
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("#")) {
        continue;
      }
      int level = (int) line.chars().takeWhile(c -> c == '#').count();
      String title = line.substring(level).strip().toLowerCase(Locale.ROOT);
      for (String needle : needles) {
        if (title.contains(needle)) {
          return section(lines, i + 1, level);
        }
      }
    }
    return null;
  }

  private static String section(List<String> lines, int from, int level) {
    StringBuilder sb = new StringBuilder();
    for (int j = from; j < lines.size(); j++) {
      String l = lines.get(j).strip();
      if (l.startsWith("#") && l.chars().takeWhile(c -> c == '#').count() <= level) {
        break;
      }
      if (!l.isEmpty() && !l.startsWith("#")) {
        sb.append(sb.isEmpty() ? "" : " ").append(l);
      }
    }
    String text = sb.toString().strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
  }
}
