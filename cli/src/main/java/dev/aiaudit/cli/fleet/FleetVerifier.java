package dev.aiaudit.cli.fleet;

import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.sign.CheckpointSigner;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.pg.FleetCheckpoint;
import dev.aiaudit.store.pg.FleetStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ai-audit verify --store}: proves one host's stored records from the rows alone. The records must run
 * 1, 2, 3 ... without a gap; each record's chain hash is recomputed from its stored JSON (re-encoded exactly as the
 * journal hashed it), its seq, time and {@code prev_hash}, and each {@code prev_hash} must be the hash stored for the
 * record before. Then every stored signed checkpoint is checked: its Ed25519 signature under the key in force at its
 * seq, and its hash against the stored record at that seq. The key in force follows the host's journaled key
 * rotations (each signed by the key before); the first key is the trusted one when given, else the one the host
 * shipped with its first checkpoint (trust on first use, printed as a fingerprint to compare with the host's
 * {@code ai-audit keys show}). A host without any stored checkpoint cannot be proven and fails.
 */
public final class FleetVerifier {
  /** At most this many problems are listed per host; the rest are counted. */
  static final int MAX_LISTED = 20;

  private FleetVerifier() {}

  /**
   * @param host the host
   * @param records stored records
   * @param lastSeq highest stored seq
   * @param checkpoints stored signed checkpoints
   * @param signedUpTo highest seq a valid checkpoint pins
   * @param keys fingerprints of the keys in force, oldest first
   * @param problems what is wrong (empty: OK), at most {@link #MAX_LISTED}
   * @param moreProblems problems not listed
   */
  public record HostResult(String host, long records, long lastSeq, int checkpoints, long signedUpTo, List<String> keys,
      List<String> problems, long moreProblems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Verifies one host; {@code trusted} may be null (trust on first use). */
  public static HostResult verify(FleetStore store, String host, PublicKey trusted) throws SQLException {
    List<FleetCheckpoint> cps = store.checkpoints(host);
    Set<Long> pinned = new LinkedHashSet<>();
    cps.forEach(c -> pinned.add(c.seq()));
    Walk w = new Walk(pinned);
    store.chain(host, w::row);
    Problems p = w.problems;
    // the keys in force: the first key, then each journaled rotation's new key from its seq on
    TreeMap<Long, PublicKey> keyFrom = new TreeMap<>();
    PublicKey first = trusted;
    if (first == null && !w.rotations.isEmpty()) {
      first = w.rotations.getFirst().oldKey();
    }
    if (first == null && !cps.isEmpty()) {
      first = key(cps.getFirst().publicKey(), p, "checkpoint at seq " + cps.getFirst().seq());
    }
    if (first != null) {
      keyFrom.put(0L, first);
    }
    for (KeyRotation r : w.rotations) {
      PublicKey before = keyFrom.isEmpty() ? null : keyFrom.floorEntry(r.seq()).getValue();
      if (before != null && !KeyRotation.same(before, r.oldKey())) {
        p.add("key rotation at seq " + r.seq() + " names old key " + KeyRotation.fingerprint(r.oldKey()) + ", but the key in force is "
            + KeyRotation.fingerprint(before) + (trusted != null ? " (the trusted key)" : ""));
      }
      keyFrom.put(r.seq(), r.newKey());
    }
    long signedUpTo = 0;
    Set<String> known = new LinkedHashSet<>();
    keyFrom.values().forEach(k -> known.add(HexFormat.of().formatHex(k.getEncoded())));
    for (FleetCheckpoint c : cps) {
      PublicKey k = keyFrom.isEmpty() ? null : keyFrom.floorEntry(c.seq()).getValue();
      String at = "signed checkpoint at seq " + c.seq() + " (partition " + c.partition() + ", offset " + c.offset() + ")";
      CheckpointEntry e = new CheckpointEntry(c.seq(), c.timeNs(), HexFormat.of().parseHex(c.hash()), c.signature());
      if (k == null || !CheckpointSigner.verify(e, k)) {
        p.add(at + ": bad signature under the key in force " + (k == null ? "(none)" : KeyRotation.fingerprint(k)) + ": forged or"
            + " signed by another key");
        continue;
      }
      if (!known.contains(HexFormat.of().formatHex(c.publicKey()))) {
        p.add(at + ": the host shipped it with key " + fingerprint(c.publicKey()) + ", which no journaled rotation introduced");
      }
      String stored = w.hashes.get(c.seq());
      if (stored == null) {
        p.add(at + ": the store holds no record " + c.seq() + " (records " + (w.last + 1) + ".." + c.seq()
            + " missing: cut off on the host or not delivered)");
      } else if (!stored.equals(c.hash())) {
        p.add(at + ": its signed hash differs from the stored record " + c.seq() + ": records 1.." + c.seq() + " were rewritten");
      } else {
        signedUpTo = Math.max(signedUpTo, c.seq());
      }
    }
    if (cps.isEmpty() && w.count > 0) {
      p.add("no signed checkpoint stored for this host: its " + w.count + " records cannot be proven to be the host's (is the"
          + " agent's Kafka sink older than checkpoint shipping?)");
    }
    List<String> fps = keyFrom.values().stream().map(KeyRotation::fingerprint).toList();
    return new HostResult(host, w.count, w.last, cps.size(), signedUpTo, fps, p.listed, p.more);
  }

  private static PublicKey key(byte[] der, Problems p, String what) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      p.add(what + ": the shipped public key is not an Ed25519 key");
      return null;
    }
  }

  private static String fingerprint(byte[] der) {
    try {
      return KeyRotation.fingerprint(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "(not an Ed25519 key)";
    }
  }

  private static final class Problems {
    final List<String> listed = new ArrayList<>();
    long more;

    void add(String s) {
      if (listed.size() < MAX_LISTED) {
        listed.add(s);
      } else {
        more++;
      }
    }
  }

  /** One pass over the stored records in seq order. */
  private static final class Walk {
    final Set<Long> pinned;
    final Map<Long, String> hashes = new HashMap<>();
    final List<KeyRotation> rotations = new ArrayList<>();
    final Problems problems = new Problems();
    final ChainHash chain = new ChainHash();
    long count;
    long last;
    String lastHash = CursorFile.ZERO_HASH;

    Walk(Set<Long> pinned) {
      this.pinned = pinned;
    }

    void row(FleetStore.ChainRow r) {
      count++;
      if (r.seq() != last + 1) {
        problems.add("records " + (last + 1) + ".." + (r.seq() - 1) + " missing (removed, or never delivered)");
      } else if (!r.prevHash().equals(lastHash)) {
        problems.add("record " + r.seq() + ": prev_hash is not the hash of record " + last + ": the chain is broken (reordered or"
            + " replaced records)");
      }
      Event ev = null;
      try {
        ev = EventCodec.decode(r.json().getBytes(StandardCharsets.UTF_8));
        if (!chain.of(r.prevHash(), r.seq(), r.timeNs(), EventCodec.encode(ev)).equals(r.hash())) {
          problems.add("record " + r.seq() + ": altered: its content, seq or time no longer match its chain hash");
        }
      } catch (RuntimeException e) {
        problems.add("record " + r.seq() + ": stored JSON is not an ai-audit record: " + e.getMessage());
      }
      if (ev instanceof SensorEvent s && s.kind() == SensorEvent.Kind.KEY_ROTATED && s.message() != null
          && s.message().startsWith(KeyRotation.PREFIX)) {
        try {
          KeyRotation k = KeyRotation.parse(r.seq(), s.message());
          if (!k.verify(HexFormat.of().parseHex(r.prevHash()))) {
            problems.add("key rotation at seq " + r.seq() + " is not signed by the key it replaces: forged");
          }
          rotations.add(k);
        } catch (IllegalArgumentException e) {
          problems.add("key rotation at seq " + r.seq() + ": " + e.getMessage());
        }
      }
      if (pinned.contains(r.seq())) {
        hashes.put(r.seq(), r.hash());
      }
      last = r.seq();
      lastHash = r.hash();
    }
  }
}
