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
        try {
          byte[] bytes = snapshotBytes();
          Content snapshot = bytes == null ? null : ContentSnapshot.read(bytes);
          if (snapshot != null) {
            return snapshot;
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return ContentLoader.loadBuiltin(validate);
    }

    /**
     * The snapshot's bytes, or {@code null} when there is none: the build's copy in {@link ContentSnapshotData}, else
     * the resource. From a jar it is read with {@link java.util.zip.ZipFile}
     * (which shares the class loader's already opened and indexed copy of the jar): the class loader's own
     * {@code getResourceAsStream} goes through a {@code jar:} URL connection whose first use initialises the URL
     * handler, jar file cache and reflection machinery (one generated method-handle class), several milliseconds of
     * a ~50 ms scan. Classes in a directory (tests, IDE) read it as a resource.
     */
    private static byte[] snapshotBytes() throws java.io.IOException {
      String[] chunks = ContentSnapshotData.chunks();
      if (chunks != null) {
        int size = 0;
        for (String c : chunks) {
          size += c.length();
        }
        byte[] out = new byte[size];
        int at = 0;
        for (String c : chunks) {
          byte[] b = c.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
          System.arraycopy(b, 0, out, at, b.length);
          at += b.length;
        }
        return out;
      }
      java.security.CodeSource cs = Content.class.getProtectionDomain().getCodeSource();
      java.net.URL where = cs == null ? null : cs.getLocation();
      if (where != null && "file".equals(where.getProtocol()) && where.getPath().endsWith(".jar")) {
        java.io.File jar;
        try {
          jar = new java.io.File(where.toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
          jar = null;
        }
        if (jar != null && jar.isFile()) {
          try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar)) {
            java.util.zip.ZipEntry e = z.getEntry(ContentSnapshot.RESOURCE);
            if (e == null) {
              return null;
            }
            try (java.io.InputStream in = z.getInputStream(e)) {
              return in.readAllBytes();
            }
          }
        }
      }
      try (java.io.InputStream in = Content.class.getClassLoader().getResourceAsStream(ContentSnapshot.RESOURCE)) {
        return in == null ? null : in.readAllBytes();
      }
    }
  }
}
