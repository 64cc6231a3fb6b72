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

  /** The host path of an absolute target path. */
  public Path resolve(String absolute) {
    String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    return rel.isEmpty() ? root : root.resolve(rel);
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
