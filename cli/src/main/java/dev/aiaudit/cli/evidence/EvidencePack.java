package dev.aiaudit.cli.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.journal.HighWaterMark;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.report.Assessment;
import dev.aiaudit.report.ReportFormat;
import dev.aiaudit.scan.ScanReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds an evidence pack from a journal for a time range [since, until]: the journal is verified, then read twice as
 * stored (one record in memory at a time): the first pass streams the alerts of the range into the zip and keeps the
 * compliance findings (verdict changes: few) and the last verdict per subject; the second pass streams every record
 * those cite, and with {@link Options#allRecords()} every record of the range, raw and decoded. Used by
 * {@code ai-audit evidence} and the dashboard's {@code GET /api/v1/evidence}; checked by {@link PackVerifier}.
 *
 * <p>Entries: {@code README.txt}, {@code verify.json}, {@code alerts.jsonl}, {@code findings.jsonl},
 * {@code verdicts.jsonl}, {@code scan/journaled.oscal.json}, {@code scan/journaled.html},
 * {@code policy/journaled.oscal.json}, {@code policy/journaled.html}, with a fresh scan {@code scan/fresh.oscal.json}
 * and {@code scan/fresh.html}, {@code records.jsonl}; then {@code manifest.json} and {@code manifest.sig}.
 */
public final class EvidencePack {
  static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  private static final byte[] ALERT_CLASS = ("\"class_uid\":" + AlertEvent.CLASS_UID).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FINDING_CLASS = ("\"class_uid\":" + FindingEvent.CLASS_UID).getBytes(StandardCharsets.US_ASCII);
  /** Subjects of alert acknowledgements (the dashboard journals them as compliance findings). */
  static final String ACK_PREFIX = "alert:";

  /**
   * What goes in.
   *
   * @param since start of the range (inclusive)
   * @param until end of the range (inclusive)
   * @param allRecords every record of the range, not only those the verdicts and alerts cite
   * @param freshScan reports of a scan run now ({@code scan/fresh.*}); empty for none
   * @param host the host the pack describes
   * @param tool the producing tool and version, {@code ai-audit 0.1.0}
   */
  public record Options(Instant since, Instant until, boolean allRecords, List<ScanReport> freshScan, String host,
      String tool) {
    public Options {
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(tool, "tool");
      freshScan = List.copyOf(freshScan);
      if (since.isAfter(until)) {
        throw new IllegalArgumentException("since (" + since + ") is after until (" + until + ")");
      }
    }
  }

  /** What went in; {@code verify} is the journal's verification result written into the pack. */
  public record Summary(long alerts, long findings, long verdicts, long records, VerifyResult verify, String fingerprint) {}

  private EvidencePack() {}

  /** The journal's signing key pair ({@code <journal>/keys/journal-ed25519.key} and its {@code .pub}). */
  public static KeyPair signingKey(Path journalDir) throws IOException {
    return JournalKeys.load(JournalKeys.defaultKeyFile(journalDir));
  }

  /** Writes the pack for {@code o} from the journal at {@code journalDir} to {@code out} (left open), signed with {@code key}. */
  public static Summary write(Path journalDir, KeyPair key, Options o, OutputStream out) throws IOException {
    long since = nanos(o.since());
    long until = nanos(o.until());
    VerifyResult v = JournalVerifier.verify(journalDir, null, HighWaterMark.fileFor(journalDir));
    long limit = v.lastSeq(); // a broken journal: records up to the last one that checked out
    PackWriter pack = new PackWriter(new NonClosing(out));
    pack.entry("README.txt", readme(o).getBytes(StandardCharsets.UTF_8));
    pack.entry("verify.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(verifyJson(journalDir, v, "the journal's own key (keys/journal-ed25519.key.pub)")));

    // pass 1: alerts of the range (streamed), findings of the range and the last verdict per subject (kept: few)
    SeqSet cited = new SeqSet();
    List<Line> findings = new ArrayList<>();
    Map<String, VerdictReports.Verdict> latest = new TreeMap<>();
    long[] alerts = {0};
    try (OutputStream a = pack.entry("alerts.jsonl")) {
      JournalRecords.forEach(journalDir, limit, (r, prev) -> {
        if (r.timeNs() > until || !(r.payloadContains(ALERT_CLASS) || r.payloadContains(FINDING_CLASS))) {
          return;
        }
        byte[] payload = r.payload();
        Event e = EventCodec.decode(payload);
        String hash = HexFormat.of().formatHex(r.hash());
        boolean inRange = r.timeNs() >= since;
        if (e instanceof AlertEvent alert && inRange) {
          cited.add(r.seq());
          alert.cites().forEach(c -> cited.add(c.seq()));
          line(a, r.seq(), hash, r.timeNs(), payload);
          alerts[0]++;
        } else if (e instanceof FindingEvent f) {
          if (inRange) {
            cited.add(r.seq());
            findings.add(new Line(r.seq(), hash, r.timeNs(), payload));
          }
          if (!f.subject().startsWith(ACK_PREFIX) && (VerdictReports.isScan(f) || VerdictReports.isPolicy(f))) {
            latest.put(f.subject(), new VerdictReports.Verdict(r.seq(), hash, f));
          }
        }
      });
    }
    try (OutputStream f = pack.entry("findings.jsonl")) {
      for (Line l : findings) {
        line(f, l.seq(), l.hash(), l.timeNs(), l.payload());
      }
    }
    try (OutputStream f = pack.entry("verdicts.jsonl")) {
      for (VerdictReports.Verdict vd : latest.values()) {
        cited.add(vd.seq());
        ObjectNode n = JSON.createObjectNode().put("subject", vd.event().subject()).put("state", vd.event().state())
            .put("source", vd.event().source()).put("seq", vd.seq()).put("hash", vd.hash())
            .put("time", Instant.ofEpochSecond(0, vd.event().timeNs()).toString());
        f.write(JSON.writeValueAsBytes(n));
        f.write('\n');
      }
    }
    List<VerdictReports.Verdict> scans = latest.values().stream().filter(x -> VerdictReports.isScan(x.event())).toList();
    List<VerdictReports.Verdict> policies = latest.values().stream().filter(x -> VerdictReports.isPolicy(x.event())).toList();
    report(pack, "scan/journaled", VerdictReports.scan(scans, o.host(), o.since(), o.until()));
    report(pack, "policy/journaled", VerdictReports.policy(policies, o.host(), o.since(), o.until()));
    if (!o.freshScan().isEmpty()) {
      report(pack, "scan/fresh", ScanReport.assessment(o.freshScan()));
    }

    // pass 2: the records behind the alerts and verdicts (and the whole range when asked), as stored
    long[] records = {0};
    try (OutputStream rs = pack.entry("records.jsonl")) {
      JournalRecords.forEach(journalDir, limit, (r, prev) -> {
        if (cited.contains(r.seq()) || (o.allRecords() && r.timeNs() >= since && r.timeNs() <= until)) {
          record(rs, RawRecord.of(r, prev));
          records[0]++;
        }
      });
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("format", PackWriter.FORMAT);
    m.put("tool", o.tool());
    m.put("host", o.host());
    m.put("created", Instant.now().toString());
    m.putObject("range").put("since", o.since().toString()).put("until", o.until().toString())
        .put("records", o.allRecords() ? "all records of the range" : "records cited by the alerts and verdicts");
    m.putObject("journal").put("head_seq", v.lastSeq()).put("head_hash", v.lastHash()).put("verified", v.ok())
        .put("problem", v.problem());
    m.putObject("counts").put("alerts", alerts[0]).put("findings", findings.size()).put("verdicts", latest.size())
        .put("records", records[0]);
    pack.finish(m, key);
    pack.close();
    return new Summary(alerts[0], findings.size(), latest.size(), records[0], v,
        m.path("signing").path("fingerprint").asText());
  }

  private record Line(long seq, String hash, long timeNs, byte[] payload) {}

  private static void line(OutputStream out, long seq, String hash, long timeNs, byte[] payload) {
    try {
      out.write(("{\"seq\":" + seq + ",\"hash\":\"" + hash + "\",\"time\":\"" + Instant.ofEpochSecond(0, timeNs)
          + "\",\"event\":").getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.write("}\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void record(OutputStream out, RawRecord r) {
    try {
      out.write(("{\"seq\":" + r.seq() + ",\"hash\":\"" + r.hashHex() + "\",\"prev_hash\":\"" + r.prevHashHex()
          + "\",\"time\":\"" + Instant.ofEpochSecond(0, r.timeNs()) + "\",\"raw\":\""
          + Base64.getEncoder().encodeToString(r.bytes()) + "\",\"event\":").getBytes(StandardCharsets.US_ASCII));
      out.write(r.payload());
      out.write("}\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void report(PackWriter pack, String base, Assessment a) throws IOException {
    for (ReportFormat f : List.of(ReportFormat.OSCAL, ReportFormat.HTML)) {
      try (OutputStream o = pack.entry(base + (f == ReportFormat.OSCAL ? ".oscal.json" : ".html"))) {
        Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
        f.write(a, w);
        w.flush();
      }
    }
  }

  /** The journal's verification as {@code verify --json} prints it ({@code keyNote}: what checked the checkpoints). */
  public static ObjectNode verifyJson(Path dir, VerifyResult r, String keyNote) {
    ObjectNode n = JSON.createObjectNode();
    n.put("journal", dir.toString());
    n.put("ok", r.ok());
    n.put("records", r.records());
    n.put("segments", r.segments());
    n.put("checkpoints", r.checkpoints());
    n.put("last_seq", r.lastSeq());
    n.put("last_hash", r.lastHash());
    n.put("first_bad_seq", r.firstBadSeq());
    n.put("kind", r.ok() ? null : r.kind());
    n.put("problem", r.ok() ? null : r.problem());
    n.put("public_key", keyNote);
    n.put("high_water_mark", r.highWaterMark());
    r.keys().forEach(n.putArray("keys")::add);
    return n;
  }

  private static String readme(Options o) {
    return """
        ai-audit evidence pack
        host:  %s
        range: %s .. %s
        tool:  %s

        verify.json                 the journal's verification (hash chain, signed checkpoints) when the pack was made
        alerts.jsonl                alerts (OCSF Detection Finding 2004) raised in the range, one per line, with seq + hash
        findings.jsonl              compliance findings (OCSF 2003: scan verdict changes, deployment state changes,
                                    alert acknowledgements) recorded in the range
        verdicts.jsonl              the last verdict on record at the end of the range per scan check and deployment
        scan/journaled.*            those scan verdicts as an OSCAL assessment-results document and an HTML report
        policy/journaled.*          those deployment states as OSCAL and HTML
        scan/fresh.*                a scan run when the pack was made (only when asked for)
        records.jsonl               every journal record the alerts and verdicts cite%s, as stored ("raw", base64)
                                    with the chain hash of the record before it ("prev_hash") and decoded ("event")
        manifest.json               SHA-256 and size of every entry, the range, the journal head, the signing key
        manifest.sig                Ed25519 signature of manifest.json by the journal's signing key

        Check it offline:  ai-audit verify --pack <this file> --key <the journal's public key, kept elsewhere>
        """.formatted(o.host(), o.since(), o.until(), o.tool(), o.allRecords() ? " and every record of the range" : "");
  }

  static long nanos(Instant t) {
    return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
  }

  /**
   * The seqs to put in the pack: one bit per journal seq (a 100-million-record journal costs 12.5 MB however many
   * alerts cite into it), a hash set only beyond {@code Integer.MAX_VALUE}.
   */
  static final class SeqSet {
    private final java.util.BitSet bits = new java.util.BitSet();
    private final java.util.Set<Long> beyond = new java.util.HashSet<>();

    void add(long seq) {
      if (seq <= Integer.MAX_VALUE) {
        bits.set((int) seq);
      } else {
        beyond.add(seq);
      }
    }

    boolean contains(long seq) {
      return seq <= Integer.MAX_VALUE ? bits.get((int) seq) : beyond.contains(seq);
    }
  }

  /** Keeps the caller's stream open when the zip is finished. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
