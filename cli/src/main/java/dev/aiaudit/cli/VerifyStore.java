package dev.aiaudit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.cli.fleet.FleetVerifier;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.store.pg.FleetStore;
import java.io.PrintWriter;
import java.security.PublicKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ai-audit verify --store postgresql://...}: the fleet store, every host or one ({@code --host}). */
final class VerifyStore {
  private VerifyStore() {}

  static int run(String url, String host, PublicKey trusted, boolean json, PrintWriter out, PrintWriter err) {
    List<FleetVerifier.HostResult> results = new ArrayList<>();
    String shown = dev.aiaudit.store.pg.PgEventSearch.redact(url);
    try (FleetStore store = FleetStore.open(url)) {
      List<String> hosts = host != null ? List.of(host) : store.hosts();
      if (host != null && !store.hosts().contains(host)) {
        err.println("ai-audit verify: the fleet store " + shown + " holds nothing of host '" + SafeText.escape(host) + "'");
        return VerifyCommand.CANNOT_RUN;
      }
      for (String h : hosts) {
        results.add(FleetVerifier.verify(store, h, trusted));
      }
    } catch (IllegalArgumentException e) {
      err.println("ai-audit verify: --store: " + e.getMessage());
      return VerifyCommand.CANNOT_RUN;
    } catch (SQLException e) {
      err.println("ai-audit verify: cannot read the fleet store " + shown + ": " + e.getMessage());
      return VerifyCommand.CANNOT_RUN;
    }
    long broken = results.stream().filter(r -> !r.ok()).count();
    if (json) {
      out.println(toJson(shown, results));
    } else {
      out.println("fleet store " + shown + ": " + (broken == 0 ? "OK" : "BROKEN") + " (" + results.size() + " host(s)"
          + (broken == 0 ? "" : ", " + broken + " broken") + ")");
      for (FleetVerifier.HostResult r : results) {
        print(out, r, trusted != null);
      }
    }
    out.flush();
    return results.isEmpty() ? VerifyCommand.CANNOT_RUN : broken == 0 ? VerifyCommand.OK : VerifyCommand.BROKEN;
  }

  private static void print(PrintWriter out, FleetVerifier.HostResult r, boolean trusted) {
    out.println("host " + SafeText.escape(r.host()) + ": " + (r.ok() ? "OK" : "BROKEN"));
    for (String p : r.problems()) {
      out.println("  problem:     " + SafeText.escape(p));
    }
    if (r.moreProblems() > 0) {
      out.println("  problem:     ... and " + r.moreProblems() + " more");
    }
    out.println("  records:     " + r.records() + (r.records() == 0 ? "" : " (last seq " + r.lastSeq() + ")"));
    out.println("  checkpoints: " + r.checkpoints() + " stored, signed up to seq " + r.signedUpTo());
    if (r.ok() && r.lastSeq() > r.signedUpTo()) {
      out.println("  unsigned:    records " + (r.signedUpTo() + 1) + ".." + r.lastSeq() + " are chained but no signed checkpoint"
          + " covers them yet (the agent signs every 10 s)");
    }
    out.println("  keys:        " + (r.keys().isEmpty() ? "none" : String.join(" -> ", r.keys()))
        + (trusted ? " (the first is the trusted --public-key)" : " (the first as the host shipped it: compare with 'ai-audit keys"
        + " show' on the host, or pass --public-key)"));
  }

  private static String toJson(String url, List<FleetVerifier.HostResult> results) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store", url);
    m.put("ok", results.stream().allMatch(FleetVerifier.HostResult::ok) && !results.isEmpty());
    List<Map<String, Object>> hosts = new ArrayList<>();
    for (FleetVerifier.HostResult r : results) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("host", r.host());
      h.put("ok", r.ok());
      h.put("records", r.records());
      h.put("last_seq", r.lastSeq());
      h.put("checkpoints", r.checkpoints());
      h.put("signed_up_to", r.signedUpTo());
      h.put("keys", r.keys());
      h.put("problems", r.problems());
      h.put("more_problems", r.moreProblems());
      hosts.add(h);
    }
    m.put("hosts", hosts);
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
