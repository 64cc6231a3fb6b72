package dev.aiaudit.cli;

import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.server.admission.AdmissionWebhookServer;
import dev.aiaudit.server.admission.SelfSignedCertificate;
import dev.aiaudit.server.admission.TlsMaterial;
import dev.aiaudit.server.admission.WebhookLoadDriver;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ai-audit policy webhook}: the Kubernetes ValidatingAdmissionWebhook over HTTPS, or with
 * {@code --bench N} a loopback latency benchmark of it.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = {"Serves POST /validate (AdmissionReview v1) over HTTPS: deny policies refuse, audit policies warn.",
        "Uses the built-in admission policy (ai-audit.io annotations) until the policy engine is wired.",
        "With --bench N: starts on 127.0.0.1 with a throw-away certificate, sends N requests and prints latency."})
final class PolicyWebhookCommand implements Callable<Integer> {

  static final class Tls {
    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (tls.crt).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key (tls.key).")
    Path key;

    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS#12 key store instead of PEM files.")
    Path keystore;

    @Option(names = "--keystore-password-env", paramLabel = "VAR", defaultValue = "AI_AUDIT_KEYSTORE_PASSWORD",
        description = "Environment variable holding the key store password (default ${DEFAULT-VALUE}).")
    String passwordEnv;
  }

  @ArgGroup(exclusive = false) Tls tls = new Tls();

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8443", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Larger bodies get 413 (default ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--accelerator", paramLabel = "RESOURCE", description = "Extra accelerator resource name (repeatable).")
  List<String> accelerators = new ArrayList<>();

  @Option(names = "--bench", paramLabel = "N", description = "Run the loopback benchmark with N timed requests and exit.")
  int bench;

  @Option(names = "--bench-concurrency", defaultValue = "4", description = "Concurrent clients for --bench (default ${DEFAULT-VALUE}).")
  int benchConcurrency;

  @Option(names = "--bench-warmup", defaultValue = "2000", description = "Untimed warm-up requests for --bench (default ${DEFAULT-VALUE}).")
  int benchWarmup;

  @Option(names = "--bench-client", defaultValue = "jdk",
      description = "Client for --bench: jdk (java.net.http.HttpClient) or raw (one blocking TLS socket per worker).")
  String benchClient;

  @CommandLine.Mixin AdmissionOptions admission;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AcceleratorResources acc = accelerators.isEmpty() ? AcceleratorResources.DEFAULT
        : AcceleratorResources.withExtra(accelerators);
    AdmissionReviews reviews = new AdmissionReviews(admission.policy(), acc);
    if (bench > 0) {
      return bench(reviews, out);
    }
    TlsMaterial material = material();
    if (material == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "TLS is required: give --tls-cert and --tls-key, or --keystore");
    }
    try (AdmissionWebhookServer server = AdmissionWebhookServer.start(reviews, material, host, port, maxBody)) {
      out.println("admission webhook listening on https://" + host + ":" + server.port() + "/validate");
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
      forever.await();
    }
    return 0;
  }

  private TlsMaterial material() throws Exception {
    if (tls.keystore != null) {
      String pw = System.getenv(tls.passwordEnv);
      return TlsMaterial.fromPkcs12(tls.keystore, (pw == null ? "" : pw).toCharArray());
    }
    if (tls.cert != null && tls.key != null) {
      return TlsMaterial.fromPem(tls.cert, tls.key);
    }
    return null;
  }

  private int bench(AdmissionReviews reviews, PrintWriter out) throws Exception {
    Path tmp = Files.createTempDirectory("ai-audit-webhook-bench");
    SelfSignedCertificate cert = SelfSignedCertificate.generate(tmp);
    TlsMaterial material = TlsMaterial.fromPem(cert.certPem(), cert.keyPem());
    List<byte[]> bodies = new ArrayList<>();
    for (String name : List.of("pod-gpu-unannotated.json", "deployment-annotated.json", "configmap.json")) {
      try (InputStream in = AdmissionWebhookServer.class.getResourceAsStream("/admission-bench/" + name)) {
        bodies.add(in.readAllBytes());
      }
    }
    try (AdmissionWebhookServer server = AdmissionWebhookServer.start(reviews, material, "127.0.0.1", 0, maxBody)) {
      URI uri = URI.create("https://127.0.0.1:" + server.port() + "/validate");
      WebhookLoadDriver.Client kind = WebhookLoadDriver.Client.valueOf(benchClient.toUpperCase(java.util.Locale.ROOT));
      WebhookLoadDriver.Result r = WebhookLoadDriver.run(kind, uri,
          TlsMaterial.trusting(Files.readAllBytes(cert.certPem())), bodies, bench, benchConcurrency, benchWarmup);
      out.println("client=" + benchClient + " " + r.describe());
      out.println("server: " + server.stats());
      out.flush();
      return r.errors() == 0 ? 0 : 1;
    } finally {
      for (Path p : List.of(cert.pkcs12(), cert.certPem(), cert.keyPem(), tmp)) {
        Files.deleteIfExists(p);
      }
    }
  }
}
