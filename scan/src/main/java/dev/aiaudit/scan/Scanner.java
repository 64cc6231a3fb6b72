package dev.aiaudit.scan;

import dev.aiaudit.scan.content.CheckDef;
import dev.aiaudit.scan.content.Content;
import dev.aiaudit.model.text.DiagnosticException;
import dev.aiaudit.scan.content.ProfileDef;
import dev.aiaudit.scan.eval.Evaluator;
import dev.aiaudit.scan.eval.Outcome;
import dev.aiaudit.scan.host.HostFacts;
import dev.aiaudit.scan.host.HostFs;
import dev.aiaudit.scan.host.Source;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs checks of a profile against the live host or an offline root and returns the report. Reads files
 * only. Usage: {@code Scanner.builtin().scan(ScanOptions.builder("kspp").build())}.
 */
public final class Scanner {
  private final Content content;

  private Scanner(Content content) {
    this.content = content;
  }

  /**
   * Starts loading the bundled content on a daemon thread, so that it overlaps with the caller's own start-up
   * (argument parsing); {@link #builtin()} then waits for it. Safe to call more than once.
   */
  public static void preload() {
    Thread.ofPlatform().daemon().name("scan-content-preload").start(() -> {
      try {
        Content.builtin();
      } catch (RuntimeException e) {
        // reported again, with context, by builtin()
      }
    });
  }

  /** A scanner over the bundled checks and profiles; bad content is a {@link ScanException}. */
  public static Scanner builtin() {
    try {
      return new Scanner(Content.builtin());
    } catch (DiagnosticException e) {
      throw new ScanException(e.getMessage(), e);
    }
  }

  /** A scanner over the given content (tests, custom content). */
  public static Scanner of(Content content) {
    return new Scanner(content);
  }

  /** The profiles with their check counts, in content order. */
  public List<ProfileInfo> profiles() {
    return content.profiles().values().stream().map(this::info).toList();
  }

  /** The checks {@code profile} selects, with the profile's severity and control mapping, without running them. */
  public List<CheckResult> checks(String profile) {
    ProfileDef p = content.profile(profile)
        .orElseThrow(() -> new ScanException("unknown profile '" + profile + "' (try --list-profiles)"));
    return content.selected(p).stream()
        .map(c -> result(c, p, new Outcome(Outcome.State.NA, "not run"))).toList();
  }

  /** Scans; a missing profile, unknown check id or unusable explicit input is a {@link ScanException}. */
  public ScanReport scan(ScanOptions options) {
    Instant start = options.clock().instant();
    long t0 = System.nanoTime();
    ProfileDef profile = content.profile(options.profile())
        .orElseThrow(() -> new ScanException("unknown profile '" + options.profile() + "' (try --list-profiles)"));
    List<CheckDef> selected = content.selected(profile);
    List<CheckDef> checks = options.checkIds().isEmpty() ? selected : select(options.checkIds());
    if (!Files.isDirectory(options.root())) {
      throw new ScanException("root " + options.root() + " is not a directory");
    }
    HostFacts facts = new HostFacts(new HostFs(options.root(), options.live()),
        options.kconfig(), options.cmdline(), options.sysctl());
    requireExplicit("--kconfig", options.kconfig().isPresent(), () -> facts.kconfig());
    requireExplicit("--cmdline", options.cmdline().isPresent(), () -> facts.cmdline());
    requireExplicit("--sysctl", options.sysctl().isPresent(), () -> facts.sysctl());
    Evaluator evaluator = new Evaluator(facts);
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (CheckDef c : checks) {
      results.add(result(c, profile, evaluator.evaluate(c.test(), c.kind(), profile.sysctlMode())));
    }
    return new ScanReport("ai-audit scan", hostName(facts), options.live() ? "live host" : "root " + facts.fs().root(),
        new ProfileInfo(profile.id(), profile.title(), profile.framework(), profile.description(), selected.size()),
        start, Duration.ofNanos(System.nanoTime() - t0), inputs(facts), results, notes(options, facts, results));
  }

  private List<CheckDef> select(List<String> ids) {
    List<CheckDef> out = new ArrayList<>();
    for (String id : ids) {
      CheckDef c = content.checks().get(id);
      if (c == null) {
        throw new ScanException("unknown check '" + id + "'");
      }
      out.add(c);
    }
    return out;
  }

  private static CheckResult result(CheckDef c, ProfileDef p, Outcome o) {
    Verdict v = switch (o.state()) {
      case TRUE -> Verdict.PASS;
      case FALSE -> Verdict.FAIL;
      case NA -> Verdict.NOTAPPLICABLE;
      case ERROR -> Verdict.ERROR;
    };
    boolean decided = v == Verdict.PASS || v == Verdict.FAIL;
    return new CheckResult(c.id(), c.title(), c.kind(), p.severity().getOrDefault(c.id(), c.severity()), v,
        c.test().describe(), decided ? o.evidence() : "", decided ? "" : o.evidence(), c.rationale(),
        c.remediation(), p.controlsFor(c));
  }

  private ProfileInfo info(ProfileDef p) {
    return new ProfileInfo(p.id(), p.title(), p.framework(), p.description(), content.selected(p).size());
  }

  private static void requireExplicit(String flag, boolean given, java.util.function.Supplier<Source<?>> src) {
    if (given) {
      Source<?> s = src.get();
      if (!s.available()) {
        throw new ScanException(flag + ": " + s.origin());
      }
    }
  }

  private static String hostName(HostFacts facts) {
    return facts.fs().read("/etc/hostname").value().map(String::strip).filter(s -> !s.isEmpty())
        .or(() -> facts.fs().live() ? facts.fs().read("/proc/sys/kernel/hostname").value().map(String::strip) : Optional.empty())
        .orElse("unknown");
  }

  private static Map<String, String> inputs(HostFacts facts) {
    Map<String, String> in = new LinkedHashMap<>(facts.inputs());
    facts.kernelVersion().ifPresent(v -> in.put("kernel-version", v[0] + "." + v[1] + "." + v[2]));
    return in;
  }

  private static List<String> notes(ScanOptions options, HostFacts facts, List<CheckResult> results) {
    List<String> notes = new ArrayList<>();
    if (!options.live()) {
      long offline = results.stream().filter(r -> r.verdict() == Verdict.NOTAPPLICABLE
          && (r.reason().contains("offline") || r.reason().contains("not found"))).count();
      notes.add(offline + " checks cannot apply to the offline root " + facts.fs().root()
          + " (runtime state under /proc, /sys, /dev missing); give --kconfig/--cmdline/--sysctl to decide kernel checks");
    }
    Source<dev.aiaudit.scan.host.Kconfig> k = facts.kconfig();
    if (k.available() && k.get().arch().filter(a -> !a.equals("X86_64")).isPresent()) {
      notes.add("kernel config is for " + k.get().arch().get() + "; the kspp kernel checks are defined for x86_64");
    }
    facts.problems().forEach(p -> notes.add("could not read " + p));
    return notes;
  }
}
