package dev.aiaudit.cli;

import dev.aiaudit.cli.config.ConfigLoader;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.policy.PolicyLoadException;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.server.admission.AdmissionWebhookServer;
import dev.aiaudit.server.admission.TlsMaterial;
import dev.aiaudit.server.admission.WebhookLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ai-audit policy webhook}: the Kubernetes ValidatingAdmissionWebhook over HTTPS. Its loopback latency
 * benchmark is {@code bench webhook} in the bench module.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = {"Serves POST /validate (AdmissionReview v1) over HTTPS: deny policies refuse, audit policies warn.",
        "Uses the built-in admission policy (ai-audit.io annotations) until the policy engine is wired."})
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

  @Option(names = {"--bind", "--host"}, paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}: loopback only). In a pod give the pod IP"
          + " (--bind $(POD_IP)) or 0.0.0.0.")
  String host;

  @Option(names = "--client-ca", paramLabel = "FILE",
      description = "PEM CA certificate(s): require a client certificate signed by one of them (mutual TLS).")
  Path clientCa;

  @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Time allowed for the TLS handshake and a request header (default ${DEFAULT-VALUE}).")
  String headerTimeout;

  @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Time allowed to read a request body and answer (default ${DEFAULT-VALUE}).")
  String bodyTimeout;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "Time a keep-alive connection may stay silent (default ${DEFAULT-VALUE}).")
  String idleTimeout;

  @Option(names = "--max-connections", defaultValue = "1024",
      description = "Open connections in all; a new one evicts the longest waiting (default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--max-connections-per-ip", defaultValue = "128",
      description = "Open connections from one client address (default ${DEFAULT-VALUE}).")
  int maxConnectionsPerIp;

  @Option(names = "--port", defaultValue = "8443", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Larger bodies get 413 (default ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--accelerator", paramLabel = "RESOURCE", description = "Extra accelerator resource name (repeatable).")
  List<String> accelerators = new ArrayList<>();

  @CommandLine.Mixin AdmissionOptions admission;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AcceleratorResources acc = accelerators.isEmpty() ? AcceleratorResources.DEFAULT
        : AcceleratorResources.withExtra(accelerators);
    AdmissionReviews reviews;
    try {
      reviews = new AdmissionReviews(admission.policy(spec.commandLine().getErr()), acc);
    } catch (PolicyLoadException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return PolicyCommand.COULD_NOT_RUN;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ai-audit policy webhook: " + SafeText.capped(String.valueOf(e.getMessage()), 500));
      return PolicyCommand.COULD_NOT_RUN;
    }
    if (tls.keystore == null && (tls.cert == null || tls.key == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "TLS is required: give --tls-cert and --tls-key, or --keystore");
    }
    TlsMaterial material;
    KeyStore trust;
    WebhookLimits limits;
    try {
      limits = new WebhookLimits(ConfigLoader.parseDuration(headerTimeout), ConfigLoader.parseDuration(bodyTimeout),
          ConfigLoader.parseDuration(idleTimeout), maxConnections, maxConnectionsPerIp);
      material = material();
      trust = clientCa == null ? null : TlsMaterial.clientCa(clientCa);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("ai-audit policy webhook: " + SafeText.capped(String.valueOf(e.getMessage()), 500));
      return PolicyCommand.COULD_NOT_RUN;
    }
    try (AdmissionWebhookServer server = AdmissionWebhookServer.start(reviews, material, host, port, maxBody,
        limits, trust)) {
      out.println("admission webhook listening on https://" + host + ":" + server.port() + "/validate"
          + (trust == null ? "" : " (client certificates required)"));
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
      forever.await();
    }
    return 0;
  }

  private TlsMaterial material() throws IOException, GeneralSecurityException {
    if (tls.keystore != null) {
      String pw = System.getenv(tls.passwordEnv);
      return TlsMaterial.fromPkcs12(tls.keystore, (pw == null ? "" : pw).toCharArray());
    }
    return TlsMaterial.fromPem(tls.cert, tls.key);
  }
}
