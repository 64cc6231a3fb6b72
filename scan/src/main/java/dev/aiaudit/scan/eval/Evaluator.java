package dev.aiaudit.scan.eval;

import dev.aiaudit.scan.eval.Expr.AllOf;
import dev.aiaudit.scan.eval.Expr.AnyOf;
import dev.aiaudit.scan.eval.Expr.KernelVersion;
import dev.aiaudit.scan.eval.Expr.Opt;
import dev.aiaudit.scan.eval.Outcome.State;
import dev.aiaudit.scan.host.HostFacts;
import dev.aiaudit.scan.host.Kconfig;
import dev.aiaudit.scan.host.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a check's expression against host facts. Kernel-option leaves follow kernel-hardening-checker:
 * a sysctl check whose kconfig alternative has no kernel config sees every option as absent (its
 * {@code LOCALVERSION is present} guard then fails), and an {@code expectFrom} value that cannot be resolved
 * makes the whole check not applicable, as that tool drops such checks.
 */
public final class Evaluator {
  private final HostFacts facts;
  private final FileLeaves files;

  public Evaluator(HostFacts facts) {
    this.facts = facts;
    this.files = new FileLeaves(facts);
  }

  /** Evaluates {@code expr} for a check of {@code kind} under the profile's sysctl mode. */
  public Outcome evaluate(Expr expr, String kind, SysctlMode mode) {
    try {
      return eval(expr, kind, mode);
    } catch (Undecidable e) {
      return Outcome.na(e.getMessage());
    }
  }

  private Outcome eval(Expr expr, String kind, SysctlMode mode) {
    // instanceof rather than a pattern switch: the switch's bootstrap costs start-up time in a CLI
    if (expr instanceof Opt opt) {
      return switch (opt.source()) {
        case KCONFIG -> kconfig(opt, kind);
        case CMDLINE -> cmdline(opt);
        case SYSCTL -> sysctl(opt, mode);
      };
    }
    if (expr instanceof AnyOf any) {
      return anyOf(any, kind, mode);
    }
    if (expr instanceof AllOf all) {
      return allOf(all, kind, mode);
    }
    if (expr instanceof KernelVersion v) {
      return version(v);
    }
    return files.eval(expr);
  }

  private Outcome anyOf(AnyOf any, String kind, SysctlMode mode) {
    List<Outcome> undecided = new ArrayList<>();
    Outcome first = null;
    for (Expr e : any.of()) {
      Outcome o = eval(e, kind, mode);
      if (o.isTrue()) {
        return first == null ? o : Outcome.of(true, o.evidence());
      }
      if (first == null) {
        first = o;
      }
      if (o.state() == State.ERROR || o.state() == State.NA) {
        undecided.add(o);
      }
    }
    return undecided(undecided).orElse(first);
  }

  private Outcome allOf(AllOf all, String kind, SysctlMode mode) {
    List<Outcome> undecided = new ArrayList<>();
    Outcome first = null;
    for (Expr e : all.of()) {
      Outcome o = eval(e, kind, mode);
      if (o.state() == State.FALSE) {
        return o;
      }
      if (first == null) {
        first = o;
      }
      if (o.state() != State.TRUE) {
        undecided.add(o);
      }
    }
    return undecided(undecided).orElse(first);
  }

  private static Optional<Outcome> undecided(List<Outcome> list) {
    for (Outcome o : list) {
      if (o.state() == State.ERROR) {
        return Optional.of(o);
      }
    }
    return list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
  }

  private Outcome kconfig(Opt opt, String kind) {
    Source<Kconfig> src = facts.kconfig();
    Kconfig k;
    if (src.available()) {
      k = src.get();
    } else if (kind.equals("sysctl") && !src.error()) {
      k = Kconfig.empty();
    } else {
      return unavailable(src);
    }
    String expect = opt.expect();
    if (opt.expectFrom() != null) {
      expect = refine(opt.expectFrom());
    }
    return OptionMatch.check("CONFIG_" + opt.name(), expect, k.get(opt.name()));
  }

  private String refine(String from) {
    Source<Kconfig> src = facts.kconfig();
    String v = src.available() ? src.get().get(from) : null;
    if (v == null || v.isEmpty()) {
      throw new Undecidable("the expected value comes from CONFIG_" + from + ", which the kernel config lacks");
    }
    return v;
  }

  private Outcome cmdline(Opt opt) {
    var src = facts.cmdline();
    if (!src.available()) {
      return unavailable(src);
    }
    return OptionMatch.check(opt.name(), opt.expect(), src.get().get(opt.name()));
  }

  private Outcome sysctl(Opt opt, SysctlMode mode) {
    String expect = opt.expectFrom() != null ? refine(opt.expectFrom()) : opt.expect();
    var src = facts.sysctl();
    Outcome runtime = null;
    if (mode != SysctlMode.PERSISTED) {
      if (!src.available()) {
        if (mode == SysctlMode.RUNTIME || src.error()) {
          return unavailable(src);
        }
      } else {
        Source<Optional<String>> v = src.get().get(opt.name());
        if (v.error()) {
          return Outcome.error(v.origin());
        }
        runtime = OptionMatch.check(opt.name(), expect, v.get().orElse(null));
        if (mode == SysctlMode.RUNTIME) {
          return runtime;
        }
      }
    }
    if (!facts.persistedSysctlApplies()) {
      if (runtime == null) {
        return Outcome.na("persisted sysctl settings are not judged for a --sysctl dump without --root");
      }
      return new Outcome(runtime.state(), runtime.evidence() + " (persisted setting not judged: --sysctl dump without --root)");
    }
    var persisted = facts.persistedSysctl();
    String value = persisted.values().get(opt.name());
    Outcome p = OptionMatch.check(opt.name(), expect, value);
    String where = value == null ? "not persisted" : "persisted in " + persisted.origins().get(opt.name());
    Outcome pers = new Outcome(p.state(), p.evidence() + " (" + where + ")");
    if (runtime == null) {
      return mode == SysctlMode.BOTH ? new Outcome(pers.state(), pers.evidence() + "; runtime: not available offline") : pers;
    }
    String evidence = "runtime " + runtime.evidence() + "; " + pers.evidence();
    return Outcome.of(runtime.isTrue() && pers.isTrue(), evidence);
  }

  private Outcome version(KernelVersion v) {
    Optional<int[]> ver = facts.kernelVersion();
    if (ver.isEmpty()) {
      return Outcome.na("kernel version unknown (no kconfig header, no /proc/sys/kernel/osrelease)");
    }
    int[] a = ver.get();
    int cmp = a[0] != v.major() ? Integer.compare(a[0], v.major())
        : a[1] != v.minor() ? Integer.compare(a[1], v.minor()) : Integer.compare(a[2], v.patch());
    return Outcome.of(cmp >= 0, "kernel version " + a[0] + "." + a[1] + "." + a[2]);
  }

  static Outcome unavailable(Source<?> src) {
    return src.error() ? Outcome.error(src.origin()) : Outcome.na(src.origin());
  }

  /** Thrown when a check cannot be decided at all. */
  private static final class Undecidable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undecidable(String message) {
      super(message, null, false, false);
    }
  }
}
