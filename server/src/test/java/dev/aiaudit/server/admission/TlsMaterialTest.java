package dev.aiaudit.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

  @TempDir Path dir;

  @Test
  void fromPemAndPkcs12_keytoolCertificate_holdSameCertificate() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.generate(dir);

    TlsMaterial pem = TlsMaterial.fromPem(c.certPem(), c.keyPem());
    TlsMaterial p12 = TlsMaterial.fromPkcs12(c.pkcs12(), c.password());

    assertThat(pem.keyStore().getCertificate(TlsMaterial.ALIAS))
        .isEqualTo(p12.keyStore().getCertificate(TlsMaterial.ALIAS));
    assertThat(pem.keyStore().isKeyEntry(TlsMaterial.ALIAS)).isTrue();
  }

  @Test
  void fromPem_pkcs1RsaKey_explainsHowToConvert() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.generate(dir);
    Path key = dir.resolve("rsa.key");
    Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> TlsMaterial.fromPem(c.certPem(), key))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage(key + ": RSA PRIVATE KEY is not supported; convert it with: "
            + "openssl pkcs8 -topk8 -nocrypt -in tls.key -out tls.pk8.key");
  }
}
