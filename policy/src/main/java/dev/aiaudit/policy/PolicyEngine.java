package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.eval.CompiledPolicy;
import dev.aiaudit.policy.eval.EvalContext;
import dev.aiaudit.policy.eval.PolicyEvaluator;
import dev.aiaudit.policy.eval.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates inventory items against the compiled members of one or more initiatives, then applies
 * attestations (manual policies) and exemptions. Thread-safe; {@link #evaluate(List)} may run items
 * in parallel.
 */
public final class PolicyEngine {
  private final List<PolicySetDefinition> initiatives;
  private final List<CompiledPolicy> policies;
  private final EvidenceSource evidence;
  private final Waivers waivers;
  private final Clock clock;
  private final boolean parallel;

  private PolicyEngine(Builder b, List<PolicySetDefinition> sets, List<CompiledPolicy> policies) {
    this.initiatives = List.copyOf(sets);
    this.policies = List.copyOf(policies);
    this.evidence = b.evidence;
    this.waivers = b.waivers;
    this.clock = b.clock;
    this.parallel = b.parallel;
  }

  public static Builder builder(PolicyLibrary library) {
    return new Builder(library);
  }

  /** The compiled policies, disabled ones included. */
  public List<CompiledPolicy> policies() {
    return policies;
  }

  public List<PolicySetDefinition> initiatives() {
    return initiatives;
  }

  /** Evaluates a batch at one instant. */
  public EvaluationReport evaluate(List<JsonNode> items) {
    Instant now = clock.instant();
    Set<String> warnings = ConcurrentHashMap.newKeySet();
    var stream = parallel ? items.parallelStream() : items.stream();
    List<DeploymentResult> out = stream.map(i -> evaluate(i, now, warnings)).toList();
    return new EvaluationReport(now, initiatives, out, new ArrayList<>(new java.util.TreeSet<>(warnings)));
  }

  /** Evaluates one item now (the admission webhook's entry point). */
  public DeploymentResult evaluate(JsonNode item) {
    return evaluate(item, clock.instant(), new LinkedHashSet<>());
  }

  private DeploymentResult evaluate(JsonNode item, Instant now, Set<String> warnings) {
    String id = item.path("id").asText();
    List<PolicyResult> results = new ArrayList<>(policies.size());
    ComplianceState rollup = ComplianceState.NOT_APPLICABLE;
    EvalContext ctx = new EvalContext(item, now);
    for (CompiledPolicy p : policies) {
      if (p.effect() == Effect.DISABLED) {
        continue;
      }
      PolicyResult r = judge(p, ctx, id, now, warnings);
      rollup = rollup.worst(r.state());
      results.add(r);
    }
    return new DeploymentResult(id, item.path("kind").asText(""), item.path("name").asText(""),
        item.path("namespace").asText(""), item.path("declared").asBoolean(true), rollup, results);
  }

  private PolicyResult judge(CompiledPolicy p, EvalContext ctx, String id, Instant now, Set<String> warnings) {
    Verdict v = PolicyEvaluator.evaluate(p, ctx, evidence);
    ComplianceState state = v.state();
    List<Reason> reasons = v.reasons();
    boolean waived = (p.effect() == Effect.MANUAL && v.applicable()) || !waivers.exemptions().isEmpty();
    if (waived) {
      reasons = new ArrayList<>(reasons);
    }
    if (p.effect() == Effect.MANUAL && v.applicable()) {
      for (Attestation a : waivers.attestationsFor(p.id(), p.referenceId(), id)) {
        if (a.expired(now)) {
          String w = "attestation for " + p.id() + " on " + a.resourceId() + " by " + a.who() + " expired on "
              + a.expiresOn() + " (not honoured)";
          reasons.add(Reason.note(w));
          warnings.add(w);
          continue;
        }
        state = a.state();
        reasons.clear();
        reasons.add(Reason.note("attested " + a.state().wireName() + " by " + a.who() + " on " + a.date()
            + ", expires " + a.expiresOn() + ", document sha256:" + a.documentSha256()
            + (a.documentUri().isEmpty() ? "" : " " + a.documentUri())));
        break;
      }
    }
    ComplianceState machine = state;
    for (Exemption e : waivers.exemptionsFor(p.id(), p.referenceId(), p.initiativeId(), id)) {
      if (e.expired(now)) {
        String w = "exemption for " + e.policyId() + " on " + e.resourceId() + " owned by " + e.owner()
            + " expired on " + e.expiresOn() + " (not honoured)";
        reasons.add(Reason.note(w));
        warnings.add(w);
        continue;
      }
      reasons.add(0, Reason.note("exempt (" + e.category() + ") by " + e.owner() + " until " + e.expiresOn()
          + ": " + e.reason() + "; verdict without exemption: " + machine.wireName()));
      state = ComplianceState.EXEMPT;
      break;
    }
    PolicyDefinition d = p.definition();
    return new PolicyResult(id, p.initiativeId(), d.id(), p.referenceId(), d.displayName(), d.source(), p.controls(),
        p.effect(), d.severity(), state, machine, v.applicable(), reasons, v.evidence(), d.version());
  }

  /** Configures and compiles an engine. */
  public static final class Builder {
    private final PolicyLibrary library;
    private final List<String> initiativeIds = new ArrayList<>();
    private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    private final List<CompiledPolicy> explicit = new ArrayList<>();
    private EvidenceSource evidence = EvidenceSource.none();
    private Waivers waivers = Waivers.none();
    private Clock clock = Clock.systemUTC();
    private boolean parallel;

    private Builder(PolicyLibrary library) {
      this.library = Objects.requireNonNull(library, "library");
    }

    /** Initiatives to evaluate, by id; none given means every initiative in the library. */
    public Builder initiatives(List<String> ids) {
      initiativeIds.addAll(ids);
      return this;
    }

    /** Initiative parameter overrides (e.g. application dates), applied to each initiative declaring them. */
    public Builder parameters(Map<String, JsonNode> values) {
      parameters.putAll(values);
      return this;
    }

    /** Evaluate exactly these compiled policies (standalone definitions) instead of initiatives. */
    public Builder policies(List<CompiledPolicy> compiled) {
      explicit.addAll(compiled);
      return this;
    }

    public Builder evidence(EvidenceSource source) {
      this.evidence = Objects.requireNonNull(source, "evidence");
      return this;
    }

    public Builder waivers(Waivers w) {
      this.waivers = Objects.requireNonNull(w, "waivers");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Evaluate items of a batch on the common fork-join pool. */
    public Builder parallel(boolean on) {
      this.parallel = on;
      return this;
    }

    /** Compiles the selected initiatives; unknown ids and bad parameter values are load errors. */
    public PolicyEngine build() throws PolicyLoadException {
      if (!explicit.isEmpty()) {
        return new PolicyEngine(this, List.of(), explicit);
      }
      List<PolicySetDefinition> sets = new ArrayList<>();
      if (initiativeIds.isEmpty()) {
        sets.addAll(library.initiatives());
      }
      for (String id : initiativeIds) {
        sets.add(library.initiative(id).orElseThrow(() -> new PolicyLoadException(List.of(PolicyLoadException.issue("POL007",
            "--initiative", "", 0, 0, "unknown initiative '" + id + "' (known: "
                + library.initiatives().stream().map(PolicySetDefinition::id).toList() + ")", "")))));
      }
      for (String k : parameters.keySet()) {
        if (sets.stream().noneMatch(s -> s.parameters().containsKey(k))) {
          throw new PolicyLoadException(List.of(PolicyLoadException.issue("POL004", "--param", "", 0, 0,
              "no selected initiative declares parameter '" + k + "'", "")));
        }
      }
      List<CompiledPolicy> compiled = new ArrayList<>();
      for (PolicySetDefinition s : sets) {
        Map<String, JsonNode> own = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
          if (s.parameters().containsKey(k)) {
            own.put(k, v);
          }
        });
        compiled.addAll(library.compile(s, own));
      }
      return new PolicyEngine(this, sets, compiled);
    }
  }
}
