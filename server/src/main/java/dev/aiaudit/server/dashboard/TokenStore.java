package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API tokens, kept only as SHA-256 hashes in one JSON file (mode 0600): a token is shown once, when it is issued,
 * and cannot be read back. A token is {@code aia_} plus 32 random bytes (base64url), so the unsalted hash of such a
 * high-entropy secret cannot be reversed by guessing.
 */
public final class TokenStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One issued token as listed: never the token itself. */
  public record TokenInfo(String name, Role role, Instant created) {}

  private record Entry(String sha256, TokenInfo info) {}

  private final Path file;
  private final Map<String, Entry> byHash = new LinkedHashMap<>();

  private TokenStore(Path file) {
    this.file = file;
  }

  /** Reads {@code file} when it exists (an unreadable or malformed file is an error naming it). */
  public static TokenStore open(Path file) {
    TokenStore s = new TokenStore(file);
    if (Files.exists(file)) {
      try {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        for (JsonNode n : root.path("tokens")) {
          TokenInfo info = new TokenInfo(n.path("name").asText(), Role.parse(n.path("role").asText()),
              Instant.parse(n.path("created").asText()));
          String h = n.path("sha256").asText();
          if (h.length() != 64) {
            throw new IllegalArgumentException("token '" + info.name() + "' has no sha256");
          }
          s.byHash.put(h, new Entry(h, info));
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage(), e);
      }
    }
    return s;
  }

  /** An in-memory store (tests, read-only setups); {@link #issue} then keeps tokens only for this process. */
  public static TokenStore inMemory() {
    return new TokenStore(null);
  }

  /** On first start (no token at all): issues the admin token {@code admin} and returns it; otherwise empty. */
  public synchronized Optional<String> bootstrapAdmin() {
    return byHash.isEmpty() ? Optional.of(issue("admin", Role.ADMIN)) : Optional.empty();
  }

  /** Issues a new token and returns it (the only time it is seen). Names are unique. */
  public synchronized String issue(String name, Role role) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("token name must be 1..64 of [A-Za-z0-9_.-]");
    }
    if (byHash.values().stream().anyMatch(e -> e.info().name().equals(name))) {
      throw new IllegalArgumentException("a token named '" + name + "' exists already");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = "aia_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String h = sha256(token);
    byHash.put(h, new Entry(h, new TokenInfo(name, role, Instant.now())));
    save();
    return token;
  }

  /** Removes the token of that name; false when there is none. */
  public synchronized boolean revoke(String name) {
    boolean removed = byHash.values().removeIf(e -> e.info().name().equals(name));
    if (removed) {
      save();
    }
    return removed;
  }

  public synchronized List<TokenInfo> list() {
    return byHash.values().stream().map(Entry::info).toList();
  }

  /** The principal of a presented token, or empty for an unknown one. */
  public synchronized Optional<Principal> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return Optional.empty();
    }
    Entry e = byHash.get(sha256(token));
    return e == null ? Optional.empty() : Optional.of(new Principal(e.info().name(), e.info().role(), null));
  }

  private void save() {
    if (file == null) {
      return;
    }
    var root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("tokens");
    for (Entry e : new ArrayList<>(byHash.values())) {
      arr.addObject().put("name", e.info().name()).put("role", e.info().role().id())
          .put("created", e.info().created().toString()).put("sha256", e.sha256());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token file " + file + ": " + e.getMessage(), e);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
