package dev.aiaudit.cli.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.journal.format.CorruptRecordException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.text.SafeText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an evidence pack offline ({@code ai-audit verify --pack}), refusing hostile zips before reading them: entry
 * names that could escape a directory (zip-slip), more entries than a pack has, entries that inflate past the size the
 * manifest gives or far past their compressed size (zip bomb), duplicate names. Then: the manifest's Ed25519 signature
 * (with a trusted key when given, else the key the pack carries), every entry's SHA-256 and size against the manifest,
 * no entry missing and none added, and every journal record in {@code records.jsonl}: stored checksums, its chain hash
 * recomputed from its bytes and the hash before it, the links between consecutive records, the journal head, and that
 * every record an alert, finding or verdict cites is there with the cited hash. Memory holds one record and the set of
 * cited seqs, never a whole entry.
 */
public final class PackVerifier {
  /** More entries than any pack has: the rest is refused unread. */
  static final int MAX_ENTRIES = 64;
  static final int MAX_MANIFEST_BYTES = 1 << 20;
  static final int MAX_SIGNATURE_BYTES = 1024;
  /** A JSONL line: one record (≤ 16 MiB stored) as base64 plus its decoded copy. */
  static final int MAX_LINE_BYTES = 64 << 20;
  /** Inflated/compressed above this, for an entry over {@link #RATIO_FLOOR} bytes, is a zip bomb. */
  static final long MAX_RATIO = 200;
  static final long RATIO_FLOOR = 1 << 20;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,3}");

  /**
   * The outcome.
   *
   * @param ok the pack is intact, signed, and its records check out
   * @param problem the first problem (empty when ok)
   * @param trust what the signature check proves, given the key it was checked with
   * @param journalOk what the pack's {@code verify.json} says of the journal when the pack was made
   * @param details further lines (counts, range, head)
   */
  public record Result(boolean ok, String problem, String trust, boolean journalOk, List<String> details) {}

  /** The pack cannot be read at all (missing file, unreadable key): {@code verify}'s exit 2. */
  public static final class CannotRun extends Exception {
    CannotRun(String message) {
      super(message);
    }
  }

  private static final class Broken extends Exception {
    Broken(String message) {
      super(message);
    }
  }

  private final Path file;
  private final PublicKey trusted;
  private final String trustedName;
  private final List<String> details = new ArrayList<>();
  private String trust = "";
  private boolean journalOk;

  private PackVerifier(Path file, PublicKey trusted, String trustedName) {
    this.file = file;
    this.trusted = trusted;
    this.trustedName = trustedName;
  }

  /**
   * Verifies {@code pack}.
   *
   * @param trusted the journal's public key kept elsewhere, or null to use the key the pack carries
   * @param trustedName where {@code trusted} came from (shown), or null
   */
  public static Result verify(Path pack, PublicKey trusted, String trustedName) throws CannotRun {
    if (!Files.isRegularFile(pack)) {
      throw new CannotRun("evidence pack " + pack + " does not exist or is not a file");
    }
    if (!Files.isReadable(pack)) {
      throw new CannotRun("evidence pack " + pack + " is not readable");
    }
    PackVerifier v = new PackVerifier(pack, trusted, trustedName);
    try {
      v.run();
      return new Result(true, "", v.trust, v.journalOk, v.details);
    } catch (Broken e) {
      return new Result(false, e.getMessage(), v.trust, v.journalOk, v.details);
    }
  }

  /** True for the names a pack uses: relative, '/'-separated, no '..', no backslash, no control or odd characters. */
  static boolean safeName(String name) {
    return SAFE_NAME.matcher(name).matches() && !name.contains("..");
  }

  private void run() throws Broken, CannotRun {
    try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
      Map<String, ZipEntry> inZip = listEntries(zip);
      byte[] manifestBytes = readSmall(zip, inZip, PackWriter.MANIFEST, MAX_MANIFEST_BYTES);
      byte[] sigText = readSmall(zip, inZip, PackWriter.SIGNATURE, MAX_SIGNATURE_BYTES);
      JsonNode manifest;
      try {
        manifest = EvidencePack.JSON.readTree(manifestBytes);
      } catch (IOException e) {
        throw new Broken(PackWriter.MANIFEST + " is not JSON: " + SafeText.capped(String.valueOf(e.getMessage()), 200));
      }
      if (manifest == null || !PackWriter.FORMAT.equals(manifest.path("format").asText())) {
        throw new Broken(PackWriter.MANIFEST + " does not name the format " + PackWriter.FORMAT);
      }
      checkSignature(manifest, manifestBytes, sigText);
      Map<String, Listed> listed = listed(manifest);
      for (String name : inZip.keySet()) {
        if (!name.equals(PackWriter.MANIFEST) && !name.equals(PackWriter.SIGNATURE) && !listed.containsKey(name)) {
          throw new Broken("entry '" + name + "' is not in the signed manifest (added after signing)");
        }
      }
      for (Listed l : listed.values()) {
        if (!inZip.containsKey(l.name())) {
          throw new Broken("entry '" + l.name() + "' listed in the signed manifest is missing from the pack");
        }
        checkEntry(zip, inZip.get(l.name()), l);
      }
      details.add(listed.size() + " entries: SHA-256 and size match the signed manifest; none missing, none added");
      details.add("range " + manifest.path("range").path("since").asText() + " .. " + manifest.path("range").path("until").asText()
          + ", host " + manifest.path("host").asText() + ", made by " + manifest.path("tool").asText());
      checkContent(zip, inZip, manifest);
    } catch (ZipException e) {
      throw new Broken(file + " is not a readable zip (" + SafeText.capped(String.valueOf(e.getMessage()), 200) + ")");
    } catch (IOException e) {
      throw new CannotRun("cannot read " + file + ": " + e.getMessage());
    }
  }

  private record Listed(String name, String sha256, long size) {}

  private Map<String, ZipEntry> listEntries(ZipFile zip) throws Broken {
    Map<String, ZipEntry> out = new LinkedHashMap<>();
    Enumeration<? extends ZipEntry> en = zip.entries();
    while (en.hasMoreElements()) {
      ZipEntry e = en.nextElement();
      if (out.size() >= MAX_ENTRIES) {
        throw new Broken("more than " + MAX_ENTRIES + " entries: not an evidence pack (refused unread)");
      }
      String name = e.getName();
      if (!safeName(name)) {
        throw new Broken("unsafe entry name '" + SafeText.capped(SafeText.escape(name), 200)
            + "' (absolute, '..', backslash, directory or odd characters: a zip-slip attempt or not a pack)");
      }
      if (out.put(name, e) != null) {
        throw new Broken("entry '" + name + "' appears twice");
      }
    }
    return out;
  }

  private byte[] readSmall(ZipFile zip, Map<String, ZipEntry> inZip, String name, int max) throws Broken, IOException {
    ZipEntry e = inZip.get(name);
    if (e == null) {
      throw new Broken(name + " is missing: not an evidence pack, or cut short");
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new Broken(name + " is larger than " + max + " bytes (refused)");
      }
      return b;
    }
  }

  private void checkSignature(JsonNode manifest, byte[] manifestBytes, byte[] sigText) throws Broken {
    PublicKey carried;
    try {
      String pem = manifest.path("signing").path("public_key").asText();
      String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
      carried = KeyFactory.getInstance(JournalKeys.ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(b64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Broken(PackWriter.MANIFEST + " carries no readable Ed25519 public key");
    }
    String carriedFp = KeyRotation.fingerprint(carried);
    if (trusted != null && !KeyRotation.same(trusted, carried)) {
      throw new Broken("the pack is signed by key " + carriedFp + ", not by the trusted key " + KeyRotation.fingerprint(trusted)
          + " (" + trustedName + ")");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(new String(sigText, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new Broken(PackWriter.SIGNATURE + " is not base64");
    }
    boolean good;
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initVerify(trusted != null ? trusted : carried);
      s.update(manifestBytes);
      good = s.verify(sig);
    } catch (GeneralSecurityException e) {
      good = false;
    }
    if (!good) {
      throw new Broken("the manifest's signature does not verify with key " + carriedFp
          + " (forged signature, or the manifest was altered after signing)");
    }
    trust = trusted != null
        ? "signature checked with the trusted key " + trustedName + " (" + carriedFp + "): the pack was signed by the holder"
            + " of that journal signing key and is unchanged since"
        : "signature checked with the key the pack carries (" + carriedFp + "): proves the pack is unchanged since someone"
            + " holding that key signed it, not who that was; compare the fingerprint with the journal's public key kept"
            + " elsewhere, or pass --key FILE";
  }

  private Map<String, Listed> listed(JsonNode manifest) throws Broken {
    Map<String, Listed> out = new LinkedHashMap<>();
    JsonNode entries = manifest.path("entries");
    if (!entries.isArray()) {
      throw new Broken(PackWriter.MANIFEST + " lists no entries");
    }
    for (JsonNode e : entries) {
      String name = e.path("name").asText("");
      String sha = e.path("sha256").asText("");
      long size = e.path("size").asLong(-1);
      if (!safeName(name) || name.equals(PackWriter.MANIFEST) || name.equals(PackWriter.SIGNATURE) || sha.length() != 64
          || size < 0) {
        throw new Broken(PackWriter.MANIFEST + " lists a bad entry: " + SafeText.capped(SafeText.escape(e.toString()), 200));
      }
      if (out.put(name, new Listed(name, sha, size)) != null) {
        throw new Broken(PackWriter.MANIFEST + " lists '" + name + "' twice");
      }
    }
    return out;
  }

  private void checkEntry(ZipFile zip, ZipEntry e, Listed l) throws Broken, IOException {
    long compressed = e.getCompressedSize();
    if (l.size() > RATIO_FLOOR && compressed >= 0 && l.size() / Math.max(1, compressed) > MAX_RATIO) {
      throw new Broken("entry '" + l.name() + "' would inflate " + l.size() + " bytes from " + compressed
          + " (more than " + MAX_RATIO + ":1: a zip bomb; refused unread)");
    }
    MessageDigest sha = PackWriter.sha256();
    long n = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = zip.getInputStream(e)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
        if (n > l.size()) {
          throw new Broken("entry '" + l.name() + "' inflates past the " + l.size() + " bytes the manifest gives (altered,"
              + " or a zip bomb; stopped reading)");
        }
        if (n > RATIO_FLOOR && compressed >= 0 && n / Math.max(1, compressed) > MAX_RATIO) {
          throw new Broken("entry '" + l.name() + "' inflates more than " + MAX_RATIO + ":1 (a zip bomb; stopped reading)");
        }
        sha.update(buf, 0, r);
      }
    } catch (ZipException ze) {
      throw new Broken("entry '" + l.name() + "' is damaged (" + SafeText.capped(String.valueOf(ze.getMessage()), 200) + ")");
    }
    String got = HexFormat.of().formatHex(sha.digest());
    if (n != l.size() || !got.equals(l.sha256())) {
      throw new Broken("entry '" + l.name() + "' was altered: " + n + " bytes with SHA-256 " + got + ", the signed manifest"
          + " gives " + l.size() + " bytes with " + l.sha256());
    }
  }

  /** A cited record: by whom, which hash, and for a verdict which subject and state its record must hold. */
  private record Cite(String by, String hash, String subject, String state) {}

  private void checkContent(ZipFile zip, Map<String, ZipEntry> inZip, JsonNode manifest) throws Broken, IOException {
    JsonNode verify = EvidencePack.JSON.readTree(readSmall(zip, inZip, "verify.json", MAX_MANIFEST_BYTES));
    journalOk = verify.path("ok").asBoolean(false);
    details.add("journal when packed: " + (journalOk ? "OK" : "BROKEN (" + verify.path("problem").asText() + ")")
        + ", " + verify.path("records").asLong() + " records, head seq " + manifest.path("journal").path("head_seq").asLong());
    JsonNode keys = verify.path("keys");
    String signer = manifest.path("signing").path("fingerprint").asText();
    if (keys.isArray() && !keys.isEmpty() && !keys.get(keys.size() - 1).asText().equals(signer)) {
      throw new Broken("the pack is signed by key " + signer + " but the journal's current key is "
          + keys.get(keys.size() - 1).asText());
    }
    Map<Long, Cite> cited = new HashMap<>();
    long[] alerts = {0};
    lines(zip, inZip.get("alerts.jsonl"), "alerts.jsonl", (n, at) -> {
      alerts[0]++;
      cite(cited, n.path("seq").asLong(), n.path("hash").asText(), "alert " + n.path("seq").asLong(), null, null, at);
      Event ev = decode(n.path("event"), at);
      if (!(ev instanceof AlertEvent a)) {
        throw new Broken(at + ": not an alert");
      }
      for (AlertEvent.Citation c : a.cites()) {
        cite(cited, c.seq(), c.hash(), "alert " + n.path("seq").asLong(), null, null, at);
      }
    });
    lines(zip, inZip.get("findings.jsonl"), "findings.jsonl", (n, at) ->
        cite(cited, n.path("seq").asLong(), n.path("hash").asText(), "finding " + n.path("seq").asLong(), null, null, at));
    lines(zip, inZip.get("verdicts.jsonl"), "verdicts.jsonl", (n, at) ->
        cite(cited, n.path("seq").asLong(), n.path("hash").asText(), "verdict of " + n.path("subject").asText(),
            n.path("subject").asText(), n.path("state").asText(), at));
    long headSeq = manifest.path("journal").path("head_seq").asLong(-1);
    String headHash = manifest.path("journal").path("head_hash").asText();
    MessageDigest sha = PackWriter.sha256();
    byte[] computed = new byte[JournalRecord.HASH_LENGTH];
    long[] state = {-1, 0, 0}; // previous seq, records, links
    String[] prevHash = {null};
    lines(zip, inZip.get("records.jsonl"), "records.jsonl", (n, at) -> {
      long seq = n.path("seq").asLong(-1);
      String hash = n.path("hash").asText();
      String prev = n.path("prev_hash").asText();
      byte[] raw;
      byte[] prevBytes;
      try {
        raw = Base64.getDecoder().decode(n.path("raw").asText());
        prevBytes = HexFormat.of().parseHex(prev);
      } catch (IllegalArgumentException e) {
        throw new Broken(at + ": record " + seq + ": raw or prev_hash is not well-formed");
      }
      if (raw.length < JournalRecord.OVERHEAD || prevBytes.length != JournalRecord.HASH_LENGTH) {
        throw new Broken(at + ": record " + seq + ": too short to be a journal record");
      }
      JournalRecord r = new JournalRecord().wrap(ByteBuffer.wrap(raw), 0);
      if (r.length() != raw.length) {
        throw new Broken(at + ": record " + seq + ": length field " + r.length() + " but " + raw.length + " bytes");
      }
      try {
        r.ensureValid();
      } catch (CorruptRecordException e) {
        throw new Broken(at + ": record " + seq + ": " + e.getMessage());
      }
      if (r.seq() != seq) {
        throw new Broken(at + ": the line says seq " + seq + " but the stored record is seq " + r.seq());
      }
      if (seq <= state[0]) {
        throw new Broken(at + ": record " + seq + " after record " + state[0] + " (out of order or repeated)");
      }
      r.computeHash(sha, prevBytes, computed);
      if (!r.hashEquals(computed) || !HexFormat.of().formatHex(computed).equals(hash)) {
        throw new Broken(at + ": record " + seq + " does not match its chain hash (altered)");
      }
      if (state[0] == seq - 1 && !prev.equals(prevHash[0])) {
        throw new Broken(at + ": record " + seq + " does not chain from record " + (seq - 1) + " before it");
      }
      if (state[0] == seq - 1) {
        state[2]++;
      }
      if (seq == headSeq && !hash.equals(headHash)) {
        throw new Broken(at + ": record " + seq + " is the journal head but its hash differs from the manifest's");
      }
      JsonNode payload;
      try {
        payload = EvidencePack.JSON.readTree(r.payload());
      } catch (IOException e) {
        throw new Broken(at + ": record " + seq + ": its stored payload is not JSON");
      }
      if (!payload.equals(n.path("event"))) {
        throw new Broken(at + ": record " + seq + ": the decoded \"event\" differs from the stored record");
      }
      Cite c = cited.remove(seq);
      if (c != null) {
        if (!c.hash().equals(hash)) {
          throw new Broken(at + ": record " + seq + " has hash " + hash + " but the " + c.by() + " cites " + c.hash());
        }
        if (c.subject() != null) {
          Event ev = decode(n.path("event"), at);
          if (!(ev instanceof FindingEvent f) || !f.subject().equals(c.subject()) || !f.state().equals(c.state())) {
            throw new Broken(at + ": record " + seq + " is not the " + c.by() + " (" + c.state() + ") it is cited for");
          }
        }
      }
      state[0] = seq;
      prevHash[0] = hash;
      state[1]++;
    });
    if (!cited.isEmpty()) {
      long seq = cited.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
      throw new Broken("record " + seq + " cited by the " + cited.get(seq).by() + " is missing from records.jsonl"
          + (cited.size() > 1 ? " (and " + (cited.size() - 1) + " more)" : ""));
    }
    details.add(alerts[0] + " alert(s); " + state[1] + " journal record(s): each one's chain hash recomputed from its stored"
        + " bytes, " + state[2] + " link(s) between consecutive records checked, every cited record present with the cited"
        + " hash (records not in the pack cannot be checked here)");
  }

  private static void cite(Map<Long, Cite> cited, long seq, String hash, String by, String subject, String state, String at)
      throws Broken {
    if (seq < 1 || hash.length() != 64) {
      throw new Broken(at + ": no seq + hash to cite");
    }
    Cite before = cited.get(seq);
    if (before != null && !before.hash().equals(hash)) {
      throw new Broken(at + ": record " + seq + " is cited with two hashes (" + before.by() + ", " + by + ")");
    }
    if (before == null || subject != null) {
      cited.put(seq, new Cite(by, hash, subject, state));
    }
  }

  private static Event decode(JsonNode event, String at) throws Broken {
    try {
      return EventCodec.decode(EvidencePack.JSON.writeValueAsBytes(event));
    } catch (IOException | RuntimeException e) {
      throw new Broken(at + ": the event cannot be read (" + SafeText.capped(String.valueOf(e.getMessage()), 200) + ")");
    }
  }

  private interface LineCheck {
    void check(JsonNode line, String at) throws Broken;
  }

  /** Reads a JSONL entry line by line, each line bounded. */
  private static void lines(ZipFile zip, ZipEntry e, String name, LineCheck check) throws Broken, IOException {
    if (e == null) {
      throw new Broken(name + " is missing");
    }
    try (InputStream in = zip.getInputStream(e)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      long no = 0;
      int r;
      boolean more = true;
      while (more) {
        r = in.read(buf);
        more = r > 0;
        int from = 0;
        for (int i = 0; i < Math.max(r, 0); i++) {
          if (buf[i] == '\n') {
            line.write(buf, from, i - from);
            from = i + 1;
            no++;
            handle(line, name + ":" + no, check);
          }
        }
        if (more) {
          line.write(buf, from, r - from);
          if (line.size() > MAX_LINE_BYTES) {
            throw new Broken(name + ":" + (no + 1) + ": line longer than " + MAX_LINE_BYTES + " bytes (refused)");
          }
        }
      }
      if (line.size() > 0) {
        handle(line, name + ":" + (no + 1), check);
      }
    }
  }

  private static void handle(ByteArrayOutputStream line, String at, LineCheck check) throws Broken {
    byte[] b = line.toByteArray();
    line.reset();
    JsonNode n;
    try {
      n = EvidencePack.JSON.readTree(b);
    } catch (IOException ex) {
      throw new Broken(at + ": not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new Broken(at + ": not a JSON object");
    }
    check.check(n, at);
  }
}
