package dev.aiaudit.scan.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All loaded checks (in file order) and profiles.
 *
 * @param checks check id to definition, insertion-ordered
 * @param profiles profile id to definition, insertion-ordered
 */
public record Content(Map<String, CheckDef> checks, Map<String, ProfileDef> profiles) {

  /** The content bundled with ai-audit (loaded and validated once per JVM). */
  public static Content builtin() {
    return Holder.BUILTIN;
  }

  public Optional<ProfileDef> profile(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  /** The checks {@code profile} selects, in content order. */
  public List<CheckDef> selected(ProfileDef profile) {
    List<CheckDef> out = new ArrayList<>();
    for (CheckDef c : checks.values()) {
      if (profile.selects(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static final class Holder {
    static final Content BUILTIN = load();

    /**
     * The build's snapshot of the validated content when there is one of this version (no parsing at run time),
     * else the content files parsed and checked; always the files when full validation is asked for.
     */
    private static Content load() {
      boolean validate = Boolean.getBoolean(ContentLoader.VALIDATE_PROPERTY);
      if (!validate) {
        try (java.io.InputStream in = Content.class.getClassLoader().getResourceAsStream(ContentSnapshot.RESOURCE)) {
          Content snapshot = in == null ? null : ContentSnapshot.read(in.readAllBytes());
          if (snapshot != null) {
            return snapshot;
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return ContentLoader.loadBuiltin(validate);
    }
  }
}
