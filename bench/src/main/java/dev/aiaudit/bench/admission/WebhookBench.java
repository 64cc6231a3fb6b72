package dev.aiaudit.bench.admission;

import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.admission.EngineAdmissionPolicy;
import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.server.admission.AdmissionWebhookServer;
import dev.aiaudit.server.admission.SelfSignedCertificate;
import dev.aiaudit.server.admission.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench webhook}: the admission webhook on 127.0.0.1 with a throw-away certificate and the default policy
 * (required annotations plus every built-in initiative), driven by {@link WebhookLoadDriver} with the admission
 * fixtures of the {@code testing} module ({@code admission-bench/}); prints latency percentiles per client.
 */
public final class WebhookBench {
  /** The AdmissionReview bodies sent in turn: a GPU pod without annotations, an annotated deployment, a config map. */
  static final List<String> FIXTURES = List.of("pod-gpu-unannotated.json", "deployment-annotated.json", "configmap.json");

  private WebhookBench() {}

  /** Runs {@code requests} timed requests per client kind after {@code warmup} untimed ones; one row per client. */
  public static List<String[]> run(int requests, int concurrency, int warmup, List<WebhookLoadDriver.Client> clients)
      throws Exception {
    PolicyEngine engine = PolicyEngine.builder(PolicyLibrary.builtIn()).build();
    AdmissionReviews reviews = new AdmissionReviews(EngineAdmissionPolicy.allOf(
        List.of(new RequiredAnnotationsPolicy(), new EngineAdmissionPolicy(engine))), AcceleratorResources.DEFAULT);
    Path tmp = Files.createTempDirectory("ai-audit-webhook-bench");
    SelfSignedCertificate cert = SelfSignedCertificate.generate(tmp);
    List<String[]> rows = new ArrayList<>();
    try (AdmissionWebhookServer server = AdmissionWebhookServer.start(reviews,
        TlsMaterial.fromPem(cert.certPem(), cert.keyPem()), "127.0.0.1", 0, 1 << 20)) {
      URI uri = URI.create("https://127.0.0.1:" + server.port() + "/validate");
      for (WebhookLoadDriver.Client kind : clients) {
        WebhookLoadDriver.Result r = WebhookLoadDriver.run(kind, uri, TlsMaterial.trusting(Files.readAllBytes(cert.certPem())),
            bodies(), requests, concurrency, warmup);
        rows.add(new String[] {kind.name().toLowerCase(java.util.Locale.ROOT), Integer.toString(concurrency), r.describe()});
        if (r.errors() > 0) {
          throw new IllegalStateException(kind + ": " + r.errors() + " requests failed: " + r.describe());
        }
      }
    } finally {
      for (Path p : List.of(cert.pkcs12(), cert.certPem(), cert.keyPem(), tmp)) {
        Files.deleteIfExists(p);
      }
    }
    return rows;
  }

  /** The fixture bodies from the class path. */
  static List<byte[]> bodies() {
    List<byte[]> out = new ArrayList<>();
    for (String name : FIXTURES) {
      try (InputStream in = WebhookBench.class.getResourceAsStream("/admission-bench/" + name)) {
        if (in == null) {
          throw new IllegalStateException("fixture missing from the testing module: admission-bench/" + name);
        }
        out.add(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
