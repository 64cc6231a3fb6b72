package dev.aiaudit.scan;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to scan and how. Build with {@link #builder(String)}; every input file is optional.
 *
 * @param root root filesystem to scan ({@code /} for the live host)
 * @param kconfig kernel config file that replaces the detected one
 * @param cmdline kernel command line file that replaces {@code /proc/cmdline}
 * @param sysctl output of {@code sysctl -a} that replaces {@code /proc/sys}
 * @param checkIds when non-empty, only these checks (of the profile, or of all content) run
 */
public record ScanOptions(
    String profile,
    Path root,
    Optional<Path> kconfig,
    Optional<Path> cmdline,
    Optional<Path> sysctl,
    List<String> checkIds,
    Clock clock) {

  /** The live host's root. */
  public static final Path LIVE_ROOT = Path.of("/");

  public ScanOptions {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(root, "root");
    checkIds = List.copyOf(checkIds);
    Objects.requireNonNull(clock, "clock");
  }

  /** True when scanning the running host rather than an offline root tree. */
  public boolean live() {
    return root.toAbsolutePath().normalize().equals(LIVE_ROOT);
  }

  public static Builder builder(String profile) {
    return new Builder(profile);
  }

  /** Builder for {@link ScanOptions}; defaults to the live host and the system clock. */
  public static final class Builder {
    private final String profile;
    private Path root = LIVE_ROOT;
    private Path kconfig;
    private Path cmdline;
    private Path sysctl;
    private final List<String> checkIds = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder(String profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
    }

    public Builder root(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    public Builder kconfig(Path file) {
      this.kconfig = file;
      return this;
    }

    public Builder cmdline(Path file) {
      this.cmdline = file;
      return this;
    }

    public Builder sysctl(Path file) {
      this.sysctl = file;
      return this;
    }

    public Builder checkIds(List<String> ids) {
      checkIds.addAll(ids);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public ScanOptions build() {
      return new ScanOptions(profile, root, Optional.ofNullable(kconfig), Optional.ofNullable(cmdline),
          Optional.ofNullable(sysctl), checkIds, clock);
    }
  }
}
