package dev.aiaudit.scan.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The file system of the scan target: the live host ({@code /}) or an offline root tree. Absolute paths of
 * checks are resolved under the root. Runtime paths ({@code /proc}, {@code /sys}, {@code /dev}) of an offline
 * root are only used when the tree contains them. Read-only by construction.
 */
public final class HostFs {
  private static final int MAX_LINKS = 40;
  private final Path root;
  private final boolean live;

  public HostFs(Path root, boolean live) {
    this.root = root.toAbsolutePath().normalize();
    this.live = live;
  }

  public boolean live() {
    return live;
  }

  public Path root() {
    return root;
  }

  /**
   * The host path of an absolute target path. For an offline root, symbolic links are followed inside the
   * root (an absolute link target is taken relative to the root, {@code ..} stops at the root), so an image's
   * {@code /etc/x -> /usr/lib/x} never reads the scanning host's own file.
   */
  public Path resolve(String absolute) {
    return resolve(absolute, true);
  }

  /** Like {@link #resolve(String)} but does not follow a symbolic link in the last component (lstat). */
  public Path resolveNoFollow(String absolute) {
    return resolve(absolute, false);
  }

  private Path resolve(String absolute, boolean followLast) {
    String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    if (live || rel.isEmpty()) {
      return rel.isEmpty() ? root : root.resolve(rel);
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>(java.util.Arrays.asList(rel.split("/")));
    Path cur = root;
    int hops = 0;
    while (!parts.isEmpty()) {
      String part = parts.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        cur = cur.equals(root) ? root : cur.getParent();
        continue;
      }
      Path next = cur.resolve(part);
      if ((followLast || !parts.isEmpty()) && Files.isSymbolicLink(next) && hops++ < MAX_LINKS) {
        try {
          String target = Files.readSymbolicLink(next).toString();
          if (target.startsWith("/")) {
            cur = root;
          }
          String[] t = target.split("/");
          for (int i = t.length - 1; i >= 0; i--) {
            parts.addFirst(t[i]);
          }
          continue;
        } catch (IOException e) {
          return next;
        }
      }
      cur = next;
    }
    return cur;
  }

  /** Display name of a target path: the path itself when live, {@code ROOT/path} offline. */
  public String show(String absolute) {
    return live ? absolute : resolve(absolute).toString();
  }

  /**
   * Empty when {@code absolute} can be read on this target; otherwise why not: an offline root without
   * the runtime tree ({@code /proc}, {@code /sys}, {@code /dev}) cannot answer runtime questions.
   */
  public Optional<String> offlineGap(String absolute) {
    if (live) {
      return Optional.empty();
    }
    for (String top : new String[] {"/proc/", "/sys/", "/dev/"}) {
      if (absolute.startsWith(top) && !Files.isDirectory(resolve(top))) {
        return Optional.of("runtime state " + absolute + " cannot be read from an offline root (no "
            + top.substring(0, top.length() - 1) + " under " + root + ")");
      }
    }
    return Optional.empty();
  }

  /** Reads a text file (gunzipping {@code .gz}); absent, unreadable and error are told apart. */
  public Source<String> read(String absolute) {
    return readPath(resolve(absolute), show(absolute));
  }

  /** Reads a host file given directly (command-line inputs such as {@code --kconfig}). */
  public static Source<String> readPath(Path file, String shown) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return Source.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), shown);
    } catch (NoSuchFileException e) {
      return Source.absent(shown + " not found");
    } catch (AccessDeniedException e) {
      return Source.failed(shown + ": permission denied");
    } catch (IOException e) {
      return Source.failed(shown + ": " + e.getMessage());
    }
  }
}
