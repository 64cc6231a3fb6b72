package dev.aiaudit.policy;

import dev.aiaudit.model.text.SourceTree;

/** The JSON-path spelling used in every issue: {@code $.a.b[0]['key.with.dots']} ({@link SourceTree.PathStyle#JSON_PATH}). */
public final class JsonPaths {
  private JsonPaths() {}

  public static String child(String parent, String name) {
    return SourceTree.PathStyle.JSON_PATH.child(parent, name);
  }

  public static String index(String parent, int i) {
    return SourceTree.PathStyle.JSON_PATH.index(parent, i);
  }
}
