package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ai-audit evidence} writes a signed pack from a real journal; {@code ai-audit verify --pack} checks it offline
 * and refuses every kind of tampering and hostile zip with a message naming what is wrong.
 */
class EvidenceCommandTest {
  static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
  static final long DAY = 86_400_000_000_000L;
  static final String SINCE = "2026-01-05T00:00:00Z";
  static final String UNTIL = "2026-01-10T00:00:00Z";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  Path journal;
  Path pack;
  Path pub;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();
  RecordedEvent alertCites;
  RecordedEvent oldVerdict;
  List<RecordedEvent> inRangeFiles;
  List<RecordedEvent> late;
  long head;

  @BeforeEach
  void journal() throws Exception {
    journal = data.resolve("journal");
    pack = data.resolve("pack.zip");
    pub = JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(journal));
    try (Journal j = Journal.open(journal, JournalOptions.defaults())) {
      List<Event> before = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        before.add(Events.sample(i, T0 + i * 1_000_000_000L)); // day 0: outside the range
      }
      before.add(new FindingEvent(T0 + DAY, "node-1", "scan:kspp/kconfig.RANDOMIZE_BASE", "absent", "fail",
          "high: KASLR (found is not set; expected y)", "scan"));
      before.add(new FindingEvent(T0 + DAY, "node-1", "k8s:ml/Deployment/llm-serve", "absent", "compliant",
          "no violations", "policy-watch"));
      List<RecordedEvent> r0 = j.append(before);
      oldVerdict = r0.get(10);
      List<Event> inRange = new ArrayList<>();
      for (int i = 10; i < 30; i++) {
        inRange.add(Events.sample(i, T0 + 5 * DAY + i * 1_000_000_000L)); // day 5: inside
      }
      inRangeFiles = j.append(inRange);
      alertCites = inRangeFiles.get(3);
      late = j.append(List.of(
          new AlertEvent(T0 + 6 * DAY, "node-1", "weights-read-unapproved", "Weights read by an unapproved process", "d",
              AlertSeverity.HIGH, List.of("T1005"), List.of(AlertEvent.Citation.of(alertCites)), "g", 0,
              "python3 read /models/x <script>", "rules", null),
          new FindingEvent(T0 + 7 * DAY, "node-1", "k8s:ml/Deployment/llm-serve", "compliant", "non-compliant",
              "[euaia-6.1-risk-classified] no risk class <b>declared</b>; [euaia-4.1-ai-literacy] no training record",
              "policy-watch"),
          new FindingEvent(T0 + 7 * DAY, "node-1", "alert:1", "open", "acknowledged", "known job", "dashboard:alice")));
      List<Event> after = new ArrayList<>();
      for (int i = 30; i < 35; i++) {
        after.add(Events.sample(i, T0 + 20 * DAY + i)); // day 20: after the range
      }
      head = j.append(after).getLast().seq();
    }
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private int evidence(String... extra) {
    List<String> a = new ArrayList<>(List.of("evidence", "--journal", journal.toString(), "--since", SINCE, "--until", UNTIL,
        "--host", "node-1", "-o", pack.toString()));
    a.addAll(List.of(extra));
    return run(a.toArray(String[]::new));
  }

  private int verifyPack(String... extra) {
    List<String> a = new ArrayList<>(List.of("verify", "--pack", pack.toString()));
    a.addAll(List.of(extra));
    return run(a.toArray(String[]::new));
  }

  @Test
  void evidence_thenVerifyPack_withTheTrustedKey_ok() throws Exception {
    assertThat(evidence()).as(err.toString()).isZero();
    assertThat(out.toString()).contains("alerts:    1").contains("records:   ").contains("journal:   OK");
    Map<String, byte[]> e = entries(pack);
    assertThat(e.keySet()).containsExactly("README.txt", "verify.json", "alerts.jsonl", "findings.jsonl", "verdicts.jsonl",
        "scan/journaled.oscal.json", "scan/journaled.html", "policy/journaled.oscal.json", "policy/journaled.html",
        "records.jsonl", "manifest.json", "manifest.sig");
    List<JsonNode> alerts = jsonl(e.get("alerts.jsonl"));
    assertThat(alerts).hasSize(1);
    long alert = late.get(0).seq();
    long policy = late.get(1).seq();
    long ack = late.get(2).seq();
    assertThat(alerts.getFirst().path("seq").asLong()).isEqualTo(alert);
    assertThat(alerts.getFirst().path("hash").asText()).isEqualTo(late.get(0).hash());
    List<JsonNode> findings = jsonl(e.get("findings.jsonl"));
    assertThat(findings).extracting(n -> n.path("seq").asLong()).containsExactly(policy, ack);
    // the verdicts on record at the end of the range: the old scan verdict (before the range) and the new policy state
    List<JsonNode> verdicts = jsonl(e.get("verdicts.jsonl"));
    assertThat(verdicts).extracting(n -> n.path("subject").asText() + "=" + n.path("state").asText() + "@" + n.path("seq").asLong())
        .containsExactly("k8s:ml/Deployment/llm-serve=non-compliant@" + policy,
            "scan:kspp/kconfig.RANDOMIZE_BASE=fail@" + oldVerdict.seq());
    // records: the alert, what it cites, the findings of the range, the verdicts' records; nothing else
    List<JsonNode> records = jsonl(e.get("records.jsonl"));
    assertThat(records).extracting(n -> n.path("seq").asLong())
        .containsExactly(oldVerdict.seq(), alertCites.seq(), alert, policy, ack);
    assertThat(records.get(1).path("hash").asText()).isEqualTo(alertCites.hash());
    assertThat(records.getFirst().path("hash").asText()).isEqualTo(oldVerdict.hash());
    // the reports: OSCAL valid against NIST's schema; hostile text escaped in HTML
    JsonSchema nist = nist();
    assertThat(nist.validate(JSON.readTree(e.get("scan/journaled.oscal.json")))).isEmpty();
    assertThat(nist.validate(JSON.readTree(e.get("policy/journaled.oscal.json")))).isEmpty();
    assertThat(new String(e.get("scan/journaled.html"), StandardCharsets.UTF_8)).contains("kconfig.RANDOMIZE_BASE");
    assertThat(new String(e.get("policy/journaled.html"), StandardCharsets.UTF_8)).contains("llm-serve")
        .contains("[euaia-6.1-risk-classified] no risk class &lt;b&gt;declared&lt;/b&gt;").doesNotContain("<b>declared");
    // the deployment's finding carries the EU AI Act controls of the policies it violates
    assertThat(new String(e.get("policy/journaled.oscal.json"), StandardCharsets.UTF_8)).contains("eu-ai-act-2024-1689");
    JsonNode manifest = JSON.readTree(e.get("manifest.json"));
    assertThat(manifest.path("journal").path("head_seq").asLong()).isEqualTo(head);
    assertThat(manifest.path("range").path("since").asText()).isEqualTo(SINCE);

    assertThat(verifyPack("--key", pub.toString())).as(out + "" + err).isZero();
    assertThat(out.toString()).contains(": OK").contains("trusted key " + pub)
        .contains("5 journal record(s)").contains("2 link(s)");
    assertThat(verifyPack()).isZero();
    assertThat(out.toString()).contains("the key the pack carries").contains("not who that was");
    assertThat(verifyPack("--json")).isZero();
    JsonNode j = JSON.readTree(out.toString());
    assertThat(j.path("ok").asBoolean()).isTrue();
    assertThat(j.path("journal_ok").asBoolean()).isTrue();
    assertThat(j.path("problem").isNull()).isTrue();
  }

  @Test
  void allRecords_addsEveryRecordOfTheRange_andNothingOutsideIt() throws Exception {
    assertThat(evidence("--all-records")).as(err.toString()).isZero();
    List<JsonNode> records = jsonl(entries(pack).get("records.jsonl"));
    // the verdict before the range, every record of day 5, the alert and findings; nothing of day 0 or day 20
    List<Long> expected = new ArrayList<>(List.of(oldVerdict.seq()));
    inRangeFiles.forEach(r -> expected.add(r.seq()));
    late.forEach(r -> expected.add(r.seq()));
    assertThat(records).extracting(n -> n.path("seq").asLong()).containsExactlyElementsOf(expected);
    assertThat(verifyPack("--key", pub.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).contains(expected.size() + " journal record(s)");
  }

  @Test
  void tamperedEntry_fails() throws Exception {
    evidence();
    rewrite(e -> e.put("alerts.jsonl", new String(e.get("alerts.jsonl"), StandardCharsets.UTF_8)
        .replace("HIGH", "LOW").replace("\"severity_id\":4", "\"severity_id\":2").getBytes(StandardCharsets.UTF_8)), null);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("BROKEN").contains("entry 'alerts.jsonl' was altered");
  }

  @Test
  void missingEntry_fails() throws Exception {
    evidence();
    rewrite(e -> e.remove("records.jsonl"), null);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("entry 'records.jsonl' listed in the signed manifest is missing");
  }

  @Test
  void extraEntry_fails() throws Exception {
    evidence();
    rewrite(e -> e.put("exculpatory.txt", "it was not me".getBytes(StandardCharsets.UTF_8)), null);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("entry 'exculpatory.txt' is not in the signed manifest");
  }

  @Test
  void forgedSignature_fails_andAnotherKeysPackFailsAgainstTheTrustedKey() throws Exception {
    evidence();
    KeyPair mallory = JournalKeys.generate();
    // a signature by another key over the same manifest
    rewrite(e -> e.put("manifest.sig", (Base64.getEncoder().encodeToString(sign(e.get("manifest.json"), mallory)) + "\n")
        .getBytes(StandardCharsets.US_ASCII)), null);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("signature does not verify");
    // a pack re-made and re-signed by another key (its own public key inside): self-consistent, so only a trusted key
    // tells it apart; the message says which key signed it
    evidence();
    rewrite(e -> { }, mallory);
    assertThat(verifyPack()).isZero();
    assertThat(out.toString()).contains("the key the pack carries");
    assertThat(verifyPack("--key", pub.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("is signed by key").contains("not by the trusted key");
  }

  @Test
  void alteredRecord_failsEvenWhenTheManifestIsResigned() throws Exception {
    evidence();
    KeyPair mallory = JournalKeys.generate();
    rewrite(e -> {
      String text = new String(e.get("records.jsonl"), StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      ObjectNode n;
      try {
        n = (ObjectNode) JSON.readTree(lines[1]);
      } catch (Exception x) {
        throw new IllegalStateException(x);
      }
      byte[] raw = Base64.getDecoder().decode(n.path("raw").asText());
      raw[40] ^= 1; // a payload byte, with the body CRC-32C recomputed: only the chain hash can tell
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(raw, 28, raw.length - 28);
      java.nio.ByteBuffer.wrap(raw).putInt(24, (int) crc.getValue());
      n.put("raw", Base64.getEncoder().encodeToString(raw));
      lines[1] = n.toString();
      e.put("records.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }, mallory);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("records.jsonl:2: record " + alertCites.seq() + " does not match its chain hash");
  }

  @Test
  void citedRecordRemoved_failsEvenWhenTheManifestIsResigned() throws Exception {
    evidence();
    rewrite(e -> {
      String text = new String(e.get("records.jsonl"), StandardCharsets.UTF_8);
      StringBuilder kept = new StringBuilder();
      for (String l : text.split("\n")) {
        if (!l.startsWith("{\"seq\":" + alertCites.seq() + ",")) {
          kept.append(l).append('\n');
        }
      }
      e.put("records.jsonl", kept.toString().getBytes(StandardCharsets.UTF_8));
    }, JournalKeys.generate());
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("record " + alertCites.seq() + " cited by the alert " + late.get(0).seq()
        + " is missing from records.jsonl");
  }

  @Test
  void zipSlipName_isRefused() throws Exception {
    evidence();
    Map<String, byte[]> e = entries(pack);
    e.put("../../etc/cron.d/evil", "* * * * * root sh\n".getBytes(StandardCharsets.UTF_8));
    write(pack, e);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("unsafe entry name '../../etc/cron.d/evil'").contains("zip-slip");
    e.remove("../../etc/cron.d/evil");
    e.put("/abs/path", new byte[1]);
    write(pack, e);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("unsafe entry name '/abs/path'");
  }

  @Test
  void duplicateEntryName_isRefused() throws Exception {
    evidence();
    Map<String, byte[]> e = entries(pack);
    e.put("alerts.jsonX", "{\"seq\":1}\n".getBytes(StandardCharsets.UTF_8)); // renamed below to a second alerts.jsonl
    write(pack, e);
    byte[] zip = Files.readAllBytes(pack);
    byte[] from = "alerts.jsonX".getBytes(StandardCharsets.US_ASCII);
    int renamed = 0;
    for (int i = 0; i + from.length <= zip.length; i++) {
      if (java.util.Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
        zip[i + from.length - 1] = 'l'; // local header and central directory both
        renamed++;
      }
    }
    assertThat(renamed).isEqualTo(2);
    Files.write(pack, zip);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("entry 'alerts.jsonl' appears twice");
  }

  @Test
  void zipBomb_isRefusedWithoutInflatingIt() throws Exception {
    evidence();
    // 256 MiB of zeros deflate to about 256 KiB; listed in a re-signed manifest with its true size and hash
    long size = 256L << 20;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] zeros = new byte[1 << 20];
    for (long i = 0; i < size; i += zeros.length) {
      sha.update(zeros);
    }
    Map<String, byte[]> e = entries(pack);
    ObjectNode manifest = (ObjectNode) JSON.readTree(e.get("manifest.json"));
    for (JsonNode n : manifest.path("entries")) {
      if (n.path("name").asText().equals("records.jsonl")) {
        ((ObjectNode) n).put("size", size).put("sha256", HexFormat.of().formatHex(sha.digest()));
      }
    }
    KeyPair mallory = JournalKeys.generate();
    resign(manifest, mallory, e);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(pack))) {
      for (var en : e.entrySet()) {
        z.putNextEntry(new ZipEntry(en.getKey()));
        if (en.getKey().equals("records.jsonl")) {
          for (long i = 0; i < size; i += zeros.length) {
            z.write(zeros);
          }
        } else {
          z.write(en.getValue());
        }
        z.closeEntry();
      }
    }
    assertThat(Files.size(pack)).isLessThan(2L << 20);
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("entry 'records.jsonl' would inflate").contains("zip bomb");
    // the same bomb under the genuine manifest: stops once it inflates past the signed size
    evidence();
    Map<String, byte[]> g = entries(pack);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(pack))) {
      for (var en : g.entrySet()) {
        z.putNextEntry(new ZipEntry(en.getKey()));
        if (en.getKey().equals("alerts.jsonl")) {
          for (long i = 0; i < size; i += zeros.length) {
            z.write(zeros);
          }
        } else {
          z.write(en.getValue());
        }
        z.closeEntry();
      }
    }
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("entry 'alerts.jsonl'").containsAnyOf("inflates past", "zip bomb");
  }

  @Test
  void truncatedOrMissingPack_isBrokenOrCannotRun() throws Exception {
    evidence();
    byte[] all = Files.readAllBytes(pack);
    Files.write(pack, java.util.Arrays.copyOf(all, all.length / 2));
    assertThat(verifyPack()).isEqualTo(1);
    assertThat(out.toString()).contains("is not a readable zip");
    Files.delete(pack);
    assertThat(verifyPack()).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist");
    assertThat(run("verify", "--pack", data.toString() + "/nope.zip", "--key", data.resolve("no-key.pem").toString()))
        .isEqualTo(2);
  }

  @Test
  void brokenJournal_packRecordsIt_andBothCommandsExitOne() throws Exception {
    Path seg = journal.resolve("segment-00000000000000000001.log");
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(64 + 28 + 10); // first record's payload
      f.write('X');
    }
    assertThat(evidence()).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("journal:   BROKEN at seq 1");
    assertThat(verifyPack("--key", pub.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("INTACT, but it records the journal as BROKEN");
  }

  @Test
  void badOptions_exitTwo_andLeaveNoFile() {
    assertThat(run("evidence", "--journal", data.resolve("none").toString(), "-o", pack.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("journal directory").contains("does not exist");
    assertThat(run("evidence", "--journal", journal.toString(), "--since", "yesterday-ish", "-o", pack.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--since: cannot read 'yesterday-ish'");
    assertThat(run("evidence", "--journal", journal.toString(), "--since", UNTIL, "--until", SINCE, "-o", pack.toString()))
        .isEqualTo(2);
    assertThat(run("evidence", "--journal", journal.toString(), "-o", data.resolve("no/such/dir/pack.zip").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot write").contains("NoSuchFileException");
    assertThat(pack).doesNotExist();
    assertThat(data.resolve("pack.zip.partial")).doesNotExist();
  }

  // --- helpers: read, rewrite and re-sign packs as an attacker would ---

  static Map<String, byte[]> entries(Path zip) throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      var en = z.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        try (InputStream in = z.getInputStream(e)) {
          m.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return m;
  }

  static List<JsonNode> jsonl(byte[] b) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : new String(b, StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  /** Applies {@code change}; with {@code key}, recomputes the manifest's entries and re-signs it with that key. */
  private void rewrite(Consumer<Map<String, byte[]>> change, KeyPair key) throws Exception {
    Map<String, byte[]> e = entries(pack);
    change.accept(e);
    if (key != null) {
      ObjectNode manifest = (ObjectNode) JSON.readTree(e.get("manifest.json"));
      ArrayNode list = manifest.putArray("entries");
      for (var en : e.entrySet()) {
        if (!en.getKey().startsWith("manifest.")) {
          list.addObject().put("name", en.getKey())
              .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(en.getValue())))
              .put("size", en.getValue().length);
        }
      }
      resign(manifest, key, e);
    }
    write(pack, e);
  }

  private static void resign(ObjectNode manifest, KeyPair key, Map<String, byte[]> e) throws Exception {
    ((ObjectNode) manifest.path("signing")).put("public_key", "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n")
        .put("fingerprint", dev.aiaudit.journal.sign.KeyRotation.fingerprint(key.getPublic()));
    // the journal's verify.json names the journal's key: an attacker re-signing must rewrite that too
    ObjectNode verify = (ObjectNode) JSON.readTree(e.get("verify.json"));
    verify.putArray("keys").add(dev.aiaudit.journal.sign.KeyRotation.fingerprint(key.getPublic()));
    byte[] vb = JSON.writeValueAsBytes(verify);
    e.put("verify.json", vb);
    for (JsonNode n : manifest.path("entries")) {
      if (n.path("name").asText().equals("verify.json")) {
        ((ObjectNode) n).put("size", vb.length).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(vb)));
      }
    }
    byte[] mb = JSON.writeValueAsBytes(manifest);
    e.put("manifest.json", mb);
    e.put("manifest.sig", (Base64.getEncoder().encodeToString(sign(mb, key)) + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] sign(byte[] b, KeyPair key) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key.getPrivate());
      s.update(b);
      return s.sign();
    } catch (Exception x) {
      throw new IllegalStateException(x);
    }
  }

  static void write(Path zip, Map<String, byte[]> e) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(buf)) {
      for (var en : e.entrySet()) {
        z.putNextEntry(new ZipEntry(en.getKey()));
        z.write(en.getValue());
        z.closeEntry();
      }
    }
    try (OutputStream o = Files.newOutputStream(zip)) {
      o.write(buf.toByteArray());
    }
  }

  static JsonSchema nist() throws Exception {
    try (InputStream in = EvidenceCommandTest.class.getResourceAsStream("/oscal/oscal_assessment-results_1.1.2_schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
    }
  }
}
