package dev.aiaudit.cli;

import dev.aiaudit.cli.evidence.EvidencePack;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ai-audit evidence}: writes a signed evidence pack for auditors from the journal. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a signed evidence pack (zip) for a time range: the scan and policy verdicts on record (OSCAL + HTML), the"
          + " alerts, the journal's verification result, and the journal records they cite, each with its SHA-256 in a"
          + " manifest signed with the journal's Ed25519 key. Check it offline with 'ai-audit verify --pack FILE'.",
      "",
      "Examples:",
      "  ai-audit evidence --since 30d -o pack.zip",
      "  ai-audit evidence --since 2026-11-01 --until 2026-12-01 --all-records --scan kspp -o november.zip"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the pack was written and the journal verified intact",
      "1:the pack was written, but the journal is broken (the pack's verify.json names the first bad record)",
      "2:no pack (journal or signing key missing or unreadable, bad option)"
    })
public final class EvidenceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JournalDirOptions location;

  @Option(names = "--since", paramLabel = "WHEN", defaultValue = "30d",
      description = "Start of the range: a duration back from now (30s, 15m, 1h, 2d, 1w) or an ISO time (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "End of the range (same forms; default: now).")
  String until;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The zip to write.")
  Path output;

  @Option(names = "--all-records", description = "Every journal record of the range too, not only those the alerts and verdicts cite.")
  boolean allRecords;

  @Option(names = "--scan", paramLabel = "PROFILE",
      description = "Also run this scan profile on the live host now and add its report (scan/fresh.*); repeatable.")
  List<String> scan = new ArrayList<>();

  @Option(names = "--host", paramLabel = "NAME", description = "Host name written into the pack (default: this host's name).")
  String host;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = location.dir();
    Instant now = Instant.now();
    Instant from;
    Instant to;
    try {
      from = QueryCommand.parseTime(since, now, "--since");
      to = until == null ? now : QueryCommand.parseTime(until, now, "--until");
    } catch (IllegalArgumentException e) {
      return cannotRun(err, e.getMessage());
    }
    if (from.isAfter(to)) {
      return cannotRun(err, "--since (" + from + ") is after --until (" + to + ")");
    }
    if (!Files.isDirectory(dir)) {
      return cannotRun(err, "journal directory " + dir + " does not exist");
    }
    KeyPair key;
    try {
      key = EvidencePack.signingKey(dir);
    } catch (IOException e) {
      return cannotRun(err, "cannot read the journal's signing key: " + e.getMessage());
    }
    List<ScanReport> fresh = new ArrayList<>();
    try {
      Scanner scanner = scan.isEmpty() ? null : Scanner.builtin();
      for (String p : scan) {
        fresh.add(scanner.scan(ScanOptions.builder(p).build()));
      }
    } catch (RuntimeException e) {
      return cannotRun(err, "--scan: " + e.getMessage());
    }
    String name = host != null ? host : localHost();
    String tool = new Main.Version().getVersion()[0];
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    EvidencePack.Summary s;
    try (OutputStream o = Files.newOutputStream(partial)) {
      s = EvidencePack.write(dir, key, new EvidencePack.Options(from, to, allRecords, fresh, name, tool), o);
    } catch (IOException e) {
      deleteQuietly(partial);
      return cannotRun(err, "cannot write " + output + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (JournalException | IllegalArgumentException | java.io.UncheckedIOException e) {
      deleteQuietly(partial);
      return cannotRun(err, "cannot write " + output + ": " + e.getMessage());
    }
    try {
      Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(partial);
      return cannotRun(err, "cannot move the pack into place at " + output + ": " + e.getMessage());
    }
    out.println("evidence pack " + output + ": " + from + " .. " + to + ", host " + name);
    out.println("  alerts:    " + s.alerts());
    out.println("  findings:  " + s.findings() + " recorded in the range; " + s.verdicts() + " verdict(s) on record at its end");
    out.println("  records:   " + s.records() + (allRecords ? " (cited, and every record of the range)" : " (cited by the alerts and verdicts)"));
    out.println("  journal:   " + (s.verify().ok() ? "OK" : "BROKEN at seq " + s.verify().firstBadSeq() + ": "
        + s.verify().problem()) + ", head seq " + s.verify().lastSeq());
    out.println("  signed:    Ed25519 key " + s.fingerprint() + " (" + JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(dir)) + ")");
    out.println("  check:     ai-audit verify --pack " + output + " --key <a copy of that public key kept off this host>");
    out.flush();
    return s.verify().ok() ? 0 : 1;
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  private static int cannotRun(PrintWriter err, String message) {
    err.println("ai-audit evidence: " + dev.aiaudit.model.text.SafeText.capped(message, 1000));
    err.flush();
    return 2;
  }
}
