package dev.aiaudit.cli;

import dev.aiaudit.cli.wiring.JournalFindingSink;
import dev.aiaudit.cli.wiring.ScanEvidence;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.scan.ProfileInfo;
import dev.aiaudit.scan.ScanException;
import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.scan.VerdictChanges;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ai-audit scan}: parses options and hands them to the scan module. Exit 0 pass, 1 fail, 2 no scan. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Check this host (or an offline root/image) against the kspp, ai-host, cmmc-l2 and pci-dss-4 profiles.",
      "Reads files only. Exit codes: 0 all checks at or above --fail-on pass, 1 a check failed at or above"
          + " --fail-on, 2 the scan could not run."
    })
public final class ScanCommand implements Callable<Integer> {

  @Option(names = "--list-profiles", description = "List the profiles with their check counts and exit.")
  boolean listProfiles;

  @Option(names = "--list-checks", description = "List the checks of the profile(s) with severity and controls, and exit.")
  boolean listChecks;

  @Option(names = {"-p", "--profile"}, description = "Profile to scan (repeatable; default: ai-host).")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--check", paramLabel = "ID", description = "Run only this check (repeatable).")
  List<String> checks = new ArrayList<>();

  @Option(names = "--root", paramLabel = "DIR", description = "Scan a mounted image or container root file system.")
  Path root;

  @Option(names = "--kconfig", paramLabel = "FILE", description = "Kernel config to check (.gz allowed).")
  Path kconfig;

  @Option(names = "--cmdline", paramLabel = "FILE", description = "Kernel command line to check (as /proc/cmdline).")
  Path cmdline;

  @Option(names = "--sysctl", paramLabel = "FILE", description = "Output of 'sysctl -a' to check.")
  Path sysctl;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json, junit, html, oscal or openreports (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
  Path output;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Journal every verdict that changed since the last scan recorded in DIR as a compliance finding"
          + " (hash-chained and signed with the agent's records; 'query --class finding' shows them).")
  Path dataDir;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "low",
      description = "Lowest severity of a failed check that makes the exit code 1 (default: ${DEFAULT-VALUE}).")
  String failOn;

  /** picocli creates the command while it builds the command tree: start loading checks in parallel. */
  public ScanCommand() {
    this(true);
  }

  /** {@code preload=false}: {@link ScanFastPath}, which calls the command at once (nothing to overlap with). */
  ScanCommand(boolean preload) {
    if (preload) {
      Scanner.preload();
    }
  }

  /**
   * Appends one finding per changed verdict to the journal under {@link #dataDir} (before the report is written:
   * a report that claims evidence that was never recorded would be worse than none).
   */
  private void journal(List<ScanReport> reports, PrintWriter err) throws JournalingException {
    String host;
    try {
      host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      host = reports.getFirst().host();
    }
    try (JournalFindingSink sink = JournalFindingSink.open(dataDir, host)) {
      Map<String, String> last = ScanEvidence.lastStates(sink.store());
      List<FindingEvent> changed = VerdictChanges.findings(reports, last, scope(), host);
      List<RecordedEvent> recorded = sink.append(changed);
      String upTo = recorded.isEmpty() ? "" : ", seq " + recorded.getFirst().seq() + ".." + recorded.getLast().seq();
      err.println("ai-audit scan: " + recorded.size() + " changed verdict(s) journaled in " + dataDir.resolve("journal")
          + upTo);
    } catch (RuntimeException e) {
      throw new JournalingException(dataDir + ": cannot journal scan findings: " + e.getMessage(), e);
    }
  }

  /** Empty for the live host read from its own sources; otherwise what was scanned, so histories never mix. */
  String scope() {
    List<String> parts = new ArrayList<>();
    if (root != null) {
      parts.add("root:" + root.toAbsolutePath().normalize());
    }
    List<String> files = new ArrayList<>();
    for (Path p : new Path[] {kconfig, cmdline, sysctl}) {
      if (p != null) {
        files.add(p.toAbsolutePath().normalize().toString());
      }
    }
    if (!files.isEmpty()) {
      parts.add("files:" + String.join(",", files));
    }
    return String.join(";", parts);
  }

  /**
   * Collects the report and writes it to {@code System.out} as UTF-8 in one write on flush: a charset encoder
   * (OutputStreamWriter) runs per character, interpreted in a short run, where String.getBytes copies an ASCII
   * report in one go. A high surrogate at the end of the text is kept for the next flush, so pairs stay whole.
   */
  static final class StdoutText extends Writer {
    private final StringBuilder text = new StringBuilder(1 << 16);

    @Override
    public void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
    }

    @Override
    public void write(String str) {
      text.append(str);
    }

    @Override
    public void write(String str, int off, int len) {
      text.append(str, off, off + len);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void flush() {
      int n = text.length();
      if (n > 0 && Character.isHighSurrogate(text.charAt(n - 1))) {
        n--;
      }
      if (n > 0) {
        byte[] bytes = text.substring(0, n).getBytes(StandardCharsets.UTF_8);
        System.out.write(bytes, 0, bytes.length);
        text.delete(0, n);
      }
      System.out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }

  /** The journal or index under --data-dir could not be opened or written. */
  static final class JournalingException extends Exception {
    JournalingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    try {
      Scanner scanner = Scanner.builtin();
      if (listProfiles) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        out.printf("%-10s %7s  %-36s %s%n", "PROFILE", "CHECKS", "FRAMEWORK", "TITLE");
        for (ProfileInfo p : scanner.profiles()) {
          out.printf("%-10s %7d  %-36s %s%n", p.id(), p.checkCount(), p.framework(), p.title());
        }
        return 0;
      }
      if (listChecks) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        for (String profile : profiles.isEmpty() ? List.of("ai-host") : profiles) {
          for (var c : scanner.checks(profile)) {
            out.printf("%-9s %-44s %-11s %-8s %s [%s]%n", profile, c.id(), c.kind(), c.severity().id(), c.title(),
                String.join(", ", c.controls()));
          }
        }
        return 0;
      }
      AlertSeverity threshold = AlertSeverity.parse(failOn);
      ReportFormat fmt = ReportFormat.parse(format);
      List<ScanReport> reports = new ArrayList<>();
      for (String profile : profiles.isEmpty() ? List.of("ai-host") : profiles) {
        ScanOptions.Builder b = ScanOptions.builder(profile).kconfig(kconfig).cmdline(cmdline).sysctl(sysctl).checkIds(checks);
        if (root != null) {
          b.root(root);
        }
        reports.add(scanner.scan(b.build()));
      }
      if (dataDir != null) {
        journal(reports, err);
      }
      if (output == null) {
        fmt.write(ScanReport.assessment(reports), new StdoutText()); // flushes; System.out stays open
      } else {
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          fmt.write(ScanReport.assessment(reports), w);
        }
      }
      int rc = 0;
      for (ScanReport r : reports) {
        rc = Math.max(rc, r.exitCode(threshold));
      }
      return rc;
    } catch (JournalingException e) {
      err.println("ai-audit scan: " + SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return 2;
    } catch (ScanException | IllegalArgumentException | IOException e) {
      err.println("ai-audit scan: " + SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return 2;
    } catch (RuntimeException e) {
      err.println("ai-audit scan: internal error: " + e.getClass().getSimpleName() + ": "
          + SafeText.capped(String.valueOf(e.getMessage()), 1000));
      return 2;
    }
  }
}
