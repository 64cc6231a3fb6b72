package dev.aiaudit.scan.content;

import dev.aiaudit.scan.eval.Expr;

/** Titles and remediation derived from a check's test when the content does not spell them out. */
final class Texts {
  private Texts() {}

  static String title(String kind, Expr test) {
    Expr main = main(test);
    String d = main.describe();
    return switch (kind) {
      case "kconfig" -> "Kernel config: " + d;
      case "cmdline" -> "Boot parameter: " + d;
      case "sysctl" -> "Sysctl: " + d;
      default -> d;
    };
  }

  static String remediation(String kind, Expr test) {
    String all = test.describe();
    return switch (kind) {
      case "kconfig" -> "Build the kernel with " + main(test).describe() + (all.contains(" or ") ? " (accepted: " + all + ")" : "")
          + "; for a distribution kernel, choose a kernel flavour that sets it.";
      case "cmdline" -> "Make the kernel command line satisfy " + all
          + " (e.g. edit GRUB_CMDLINE_LINUX in /etc/default/grub, regenerate the boot configuration, reboot).";
      case "sysctl" -> "Persist " + main(test).describe().replace("=", " = ")
          + " in /etc/sysctl.d/99-hardening.conf and apply it with 'sysctl --system'"
          + (all.contains(" or ") ? " (accepted: " + all + ")" : "") + ".";
      default -> "Make the host satisfy: " + all + ".";
    };
  }

  /** The option a check is about: the first leaf, as kernel-hardening-checker reports it. */
  static Expr main(Expr e) {
    if (e instanceof Expr.AnyOf a) {
      return main(a.of().getFirst());
    }
    return e instanceof Expr.AllOf a ? main(a.of().getFirst()) : e;
  }
}
