package dev.aiaudit.scan.host;

import dev.aiaudit.model.text.InputFiles;
import dev.aiaudit.model.text.SafeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The file system of the scan target: the live host ({@code /}) or an offline root tree. Absolute paths of
 * checks are resolved under the root. Runtime paths ({@code /proc}, {@code /sys}, {@code /dev}) of an offline
 * root are only used when the tree contains them. Read-only by construction.
 *
 * <p>An offline root is never left: every component of a path is looked at without following links
 * ({@code lstat}); a symbolic link is replaced by its target, read as if the root were {@code /} (an absolute
 * target starts again at the root, {@code ..} stops at the root), for directories as for files; more than
 * {@value #MAX_LINKS} links in one lookup is an error ({@code ELOOP}), never a fall-back to the raw path.
 * The final open does not follow a link either ({@code O_NOFOLLOW}), and only regular files are read, each
 * up to {@link #MAX_FILE_BYTES}. The tree must not be changed while it is scanned (a link swapped in between
 * the lookup and the open of a middle component is not detected).
 */
public final class HostFs {
  static final int MAX_LINKS = 40;
  /** Limit on one file read (also on a {@code .gz} file once decompressed). */
  public static final long MAX_FILE_BYTES = InputFiles.DEFAULT_MAX_BYTES;
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
   * root, so an image's {@code /etc/x -> /usr/lib/x} or {@code proc -> /proc} never reaches the scanning
   * host's own file.
   *
   * @throws FileSystemLoopException after {@value #MAX_LINKS} links
   */
  public Path resolve(String absolute) throws FileSystemLoopException {
    return resolve(absolute, true);
  }

  /** Like {@link #resolve(String)} but does not follow a symbolic link in the last component (lstat). */
  public Path resolveNoFollow(String absolute) throws FileSystemLoopException {
    return resolve(absolute, false);
  }

  private Path resolve(String absolute, boolean followLast) throws FileSystemLoopException {
    String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    if (live || rel.isEmpty()) {
      return rel.isEmpty() ? root : root.resolve(rel);
    }
    ArrayDeque<String> parts = new ArrayDeque<>(Arrays.asList(rel.split("/")));
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
      if ((followLast || !parts.isEmpty()) && Files.isSymbolicLink(next)) {
        if (++hops > MAX_LINKS) {
          throw new FileSystemLoopException(show(absolute) + ": too many levels of symbolic links");
        }
        String target;
        try {
          target = Files.readSymbolicLink(next).toString();
        } catch (IOException e) {
          throw new FileSystemLoopException(next + ": unreadable symbolic link");
        }
        if (target.startsWith("/")) {
          cur = root;
        }
        String[] t = target.split("/");
        for (int i = t.length - 1; i >= 0; i--) {
          parts.addFirst(t[i]);
        }
        continue;
      }
      cur = next;
    }
    return cur;
  }

  /** Display name of a target path: the path itself when live, {@code ROOT/path} offline (escaped). */
  public String show(String absolute) {
    return SafeText.escape(live ? absolute : root + (absolute.startsWith("/") ? "" : "/") + absolute);
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
      if (absolute.startsWith(top)) {
        String name = top.substring(0, top.length() - 1);
        try {
          if (!Files.isDirectory(resolve(top), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("runtime state " + SafeText.escape(absolute) + " cannot be read from an offline root (no "
                + name + " under " + SafeText.escape(root.toString()) + ")");
          }
        } catch (FileSystemLoopException e) {
          return Optional.of("runtime state " + SafeText.escape(absolute) + " cannot be read from an offline root ("
              + e.getFile() + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** Reads a text file of the target (gunzipping {@code .gz}); absent, unreadable and error are told apart. */
  public Source<String> read(String absolute) {
    Path p;
    try {
      p = resolve(absolute);
    } catch (FileSystemLoopException e) {
      return Source.failed(e.getFile());
    }
    return read(p, show(absolute), !live);
  }

  /**
   * The entries of a target directory whose names match {@code glob}, sorted, as target paths
   * ({@code dir/name}); special files are left out and named in {@code skipped}. Empty when the directory
   * does not exist.
   */
  public List<String> list(String dir, String glob, List<String> skipped) throws IOException {
    Path d = resolve(dir);
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotDirectoryException(show(dir));
      }
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, glob)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isOther()) {
          skipped.add(show(prefix + name) + ": not a regular file, skipped");
          continue;
        }
        out.add(prefix + name);
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** Reads a host file given directly (command-line inputs such as {@code --kconfig}). */
  public static Source<String> readPath(Path file, String shown) {
    return read(file, SafeText.escape(shown), false);
  }

  private static Source<String> read(Path file, String shown, boolean noFollow) {
    try {
      byte[] data;
      if (noFollow) {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
          return Source.failed(shown + ": not a regular file" + (a.isDirectory() ? " (a directory)" : ""));
        }
        if (a.size() > MAX_FILE_BYTES) {
          return Source.failed(shown + ": too large: " + a.size() + " bytes (limit " + MAX_FILE_BYTES + ")");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            InputStream in = Channels.newInputStream(ch)) {
          data = in.readNBytes((int) MAX_FILE_BYTES + 1);
        }
        if (data.length > MAX_FILE_BYTES) {
          return Source.failed(shown + ": too large: over " + MAX_FILE_BYTES + " bytes");
        }
      } else {
        data = InputFiles.readBytes(file, MAX_FILE_BYTES);
      }
      if (file.toString().endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
          data = in.readNBytes((int) MAX_FILE_BYTES + 1);
        }
        if (data.length > MAX_FILE_BYTES) {
          return Source.failed(shown + ": too large once decompressed: over " + MAX_FILE_BYTES + " bytes");
        }
      }
      return Source.of(new String(data, StandardCharsets.UTF_8), shown);
    } catch (NoSuchFileException e) {
      return Source.absent(shown + " not found");
    } catch (InputFiles.InputFileException e) {
      return e.problem().equals("no such file") ? Source.absent(shown + " not found")
          : Source.failed(shown + ": " + e.problem());
    } catch (AccessDeniedException e) {
      return Source.failed(shown + ": permission denied");
    } catch (IOException e) {
      return Source.failed(shown + ": " + SafeText.capped(String.valueOf(e.getMessage()), 200));
    }
  }
}
