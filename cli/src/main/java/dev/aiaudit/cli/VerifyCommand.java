package dev.aiaudit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.cli.evidence.PackVerifier;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.journal.sign.JournalKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ai-audit verify}: checks a whole journal and names the first record that breaks it. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the journal: record checksums, the SHA-256 hash chain, segment continuity and the Ed25519-signed"
          + " checkpoints. Names the first record that was altered, removed, reordered or truncated. With --store,"
          + " checks the fleet store instead: each host's chain and signed checkpoints as 'ai-audit serve' stored them.",
      "With --pack, checks an evidence pack ('ai-audit evidence') offline: the manifest's signature, every entry's SHA-256"
          + " and size, no entry missing or added, and each journal record in it (chain hash, links, citations)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the journal is intact (--pack: the pack is intact and says the journal was)",
      "1:the journal is broken (the first bad record is named; --pack: the pack is tampered with, or records a broken journal)",
      "2:verify could not run (journal, pack or key missing or unreadable)"
    })
public final class VerifyCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int BROKEN = 1;
  static final int CANNOT_RUN = 2;

  @Spec CommandSpec spec;

  @Mixin JournalDirOptions location;

  @Option(names = {"--public-key", "--key"}, paramLabel = "FILE",
      description = "Trusted Ed25519 public key (PEM) to check checkpoint signatures with. Default: the key stored"
          + " in the journal (keys/journal-ed25519.key.pub), which proves less: keep a copy elsewhere. With --pack: the"
          + " key the pack must be signed with (default: the key the pack carries, which proves only that it is unchanged).")
  Path publicKey;

  @Option(names = "--pack", paramLabel = "FILE", description = "Check this evidence pack (zip) offline instead of a journal.")
  Path pack;

  @Option(names = "--hwm", paramLabel = "FILE",
      description = "The journal's high-water mark (a signed copy of its latest checkpoint). Default: <journal dir>.hwm,"
          + " beside the journal, where the agent writes it.")
  Path hwm;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--store", paramLabel = "URL",
      description = "Verify the fleet store that 'ai-audit serve' fills instead of a journal: postgresql://user@host:port/db."
          + " Per host: seqs 1..N without a gap, every chain hash recomputed, every signed checkpoint's signature and hash.")
  String store;

  @Option(names = "--host", paramLabel = "HOST", description = "With --store: only this host (default: every host).")
  String host;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (store == null && host != null) {
      return cannotRun(err, "--host needs --store");
    }
    PublicKey key = null;
    if (publicKey != null) {
      try {
        key = JournalKeys.readPublicKey(publicKey);
      } catch (IOException e) {
        return cannotRun(err, "cannot read public key " + publicKey + ": " + e.getMessage());
      }
    }
    if (pack != null) {
      return verifyPack(key, out, err);
    }
    if (store != null) {
      return VerifyStore.run(store, host, key, json, out, err);
    }
    Path dir = location.dir();
    if (!Files.isDirectory(dir)) {
      return cannotRun(err, "journal directory " + dir + " does not exist");
    }
    VerifyResult r;
    try {
      r = JournalVerifier.verify(dir, key, hwm != null ? hwm : dev.aiaudit.journal.HighWaterMark.fileFor(dir));
    } catch (JournalException e) {
      return cannotRun(err, e.getMessage());
    }
    String keyNote = publicKey != null ? publicKey.toString() : "journal's own key (pass --public-key to use a trusted copy)";
    if (json) {
      out.println(toJson(dir, r, keyNote));
    } else {
      printText(out, dir, r, keyNote);
    }
    out.flush();
    return r.ok() ? OK : BROKEN;
  }

  private int verifyPack(PublicKey key, PrintWriter out, PrintWriter err) {
    if (store != null || location.journalGiven()) {
      return cannotRun(err, "--pack checks a pack on its own: drop --store and --journal");
    }
    PackVerifier.Result r;
    try {
      r = PackVerifier.verify(pack, key, publicKey == null ? null : publicKey.toString());
    } catch (PackVerifier.CannotRun e) {
      return cannotRun(err, e.getMessage());
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pack", pack.toString());
      m.put("ok", r.ok());
      m.put("problem", r.ok() ? null : r.problem());
      m.put("journal_ok", r.journalOk());
      m.put("trust", r.trust());
      m.put("details", r.details());
      try {
        out.println(new ObjectMapper().writeValueAsString(m));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println("evidence pack " + pack + ": " + (!r.ok() ? "BROKEN" : r.journalOk() ? "OK"
          : "INTACT, but it records the journal as BROKEN when the pack was made"));
      if (!r.ok()) {
        out.println("  problem:     " + r.problem());
      }
      r.details().forEach(d -> out.println("  checked:     " + d));
      if (!r.trust().isEmpty()) {
        out.println("  trust:       " + r.trust());
      }
    }
    out.flush();
    return r.ok() && r.journalOk() ? OK : BROKEN;
  }

  private static void printText(PrintWriter out, Path dir, VerifyResult r, String keyNote) {
    if (r.ok()) {
      out.println("journal " + dir + ": OK");
    } else {
      out.println("journal " + dir + ": BROKEN at seq " + r.firstBadSeq());
      out.println("  problem:     " + r.problem());
    }
    out.println("  records:     " + r.records() + (r.ok() ? "" : " verified before the break"));
    out.println("  segments:    " + r.segments());
    out.println("  checkpoints: " + r.checkpoints() + " (signatures checked with " + keyNote + ")");
    out.println("  last seq:    " + r.lastSeq());
    out.println("  last hash:   " + r.lastHash());
    out.println("  high-water:  " + (r.highWaterMark() < 0 ? "none" : "seq " + r.highWaterMark()
        + " (signed copy of the latest checkpoint, kept outside the journal directory)"));
    out.println("  keys:        " + (r.keys().isEmpty() ? "none" : String.join(" -> ", r.keys()))
        + (r.keys().size() > 1 ? " (" + (r.keys().size() - 1) + " journaled rotation(s), each signed by the key before)" : ""));
    if (r.ok()) {
      out.println("  proves:      no record was altered, removed or reordered up to seq " + r.lastSeq()
          + ", and nothing was cut off the end after the high-water mark was written");
      out.println("  cannot prove alone: that the tail was not cut by someone who also rewrote the high-water mark with"
          + " the signing key, nor records written after the last checkpoint; compare with signed checkpoints kept off"
          + " this host (--public-key with a key kept elsewhere proves the signatures are the key owner's)");
    }
  }

  private static String toJson(Path dir, VerifyResult r, String keyNote) {
    return dev.aiaudit.cli.evidence.EvidencePack.verifyJson(dir, r, keyNote).toString();
  }


  private static int cannotRun(PrintWriter err, String message) {
    err.println("ai-audit verify: " + message);
    err.flush();
    return CANNOT_RUN;
  }
}
