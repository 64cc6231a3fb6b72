package dev.aiaudit.scan.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel version read from a kconfig's header line, by hand (no regex), on real and malformed headers. */
class KconfigHeaderTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "# Linux/x86 6.18.44-fc-v1098 Kernel Configuration | 6.18.44",
      "# Linux/x86_64 5.4.0 Kernel Configuration | 5.4.0",
      "# Linux/arm64 6.10-rc1 Kernel Configuration | 6.10.0",
      "# Linux/x86 6.12 Kernel Configuration | 6.12.0",
      "# Linux/x86 6.18.x Kernel Configuration | 6.18.0",
      "# Linux/x86 6.18x Kernel Configuration | 6.18.0",
      "# Linux/x86 6 Kernel Configuration | none",
      "# Linux/x86 6.x Kernel Configuration | none",
      "# Linux/x86 v6.1.2 Kernel Configuration | none",
      "# Linux/ 6.1.2 Kernel Configuration | none",
      "# Linux/x86  6.1.2 Kernel Configuration | none",
      "# Linux/x86 6.1.2 Kernel  Configuration | none",
      "# Linux/x86 99999999999.1.2 Kernel Configuration | none",
      "# Linux/x86 6.1.2 | none",
  })
  void headerVersion(String line, String expected) {
    int[] v = Kconfig.headerVersion(line.strip());
    assertThat(v == null ? "none" : v[0] + "." + v[1] + "." + v[2]).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"6.18.44-fc | 6,18,44", "5.4 | 5,4,0"})
  void parse_takesTheVersionFromTheHeader(String version, String expected) {
    Kconfig k = Kconfig.parse("#\n# Linux/x86 " + version + " Kernel Configuration\n#\nCONFIG_X86_64=y\n# CONFIG_KVM is not set\n");
    assertThat(k.version()).hasValueSatisfying(v -> assertThat(v[0] + "," + v[1] + "," + v[2]).isEqualTo(expected));
    assertThat(k.options()).containsEntry("X86_64", "y").containsEntry("KVM", "is not set").hasSize(2);
    assertThatThrownBy(() -> k.options().put("A", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
