package dev.aiaudit.policy;

/** The JSON-path spelling used in every issue: {@code $.a.b[0]['key.with.dots']}. */
public final class JsonPaths {
  private JsonPaths() {}

  public static String child(String parent, String name) {
    if (name.matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
      return parent + "." + name;
    }
    return parent + "['" + name.replace("'", "\\'") + "']";
  }

  public static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }
}
