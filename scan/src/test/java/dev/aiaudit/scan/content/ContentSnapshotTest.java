package dev.aiaudit.scan.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.scan.eval.Expr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The build-time snapshot of the bundled content: it must be the content the YAML files give, nothing less. */
class ContentSnapshotTest {

  @Test
  void snapshot_roundTrip_equalsTheContentParsedFromTheFiles() {
    Content parsed = ContentLoader.loadBuiltin(true);
    Content back = ContentSnapshot.read(ContentSnapshot.write(parsed));
    assertThat(back).isNotNull();
    assertThat(back.checks().keySet()).containsExactlyElementsOf(parsed.checks().keySet()); // order kept
    assertThat(back.profiles().keySet()).containsExactlyElementsOf(parsed.profiles().keySet());
    assertThat(back).isEqualTo(parsed); // records: every field, every test expression
    // every expression kind is exercised by the bundled content, so a kind the codec dropped would show here
    assertThat(parsed.checks().values().stream().map(c -> kinds(c.test())).flatMap(java.util.stream.Stream::of).distinct())
        .contains("Opt", "AnyOf", "AllOf", "KernelVersion", "FileStat", "Mount", "ConfigKey", "Exists", "FileValue", "CpuFlag");
  }

  @Test
  void builtin_isTheBuildsSnapshot_andEqualsTheFiles() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ContentSnapshot.RESOURCE)) {
      assertThat(in).as("the build (process-classes) writes " + ContentSnapshot.RESOURCE).isNotNull();
      byte[] resource = in.readAllBytes();
      Content fromBuild = ContentSnapshot.read(resource);
      assertThat(fromBuild).isEqualTo(ContentLoader.loadBuiltin(false));
      assertThat(Content.builtin()).isEqualTo(fromBuild);
      String[] chunks = ContentSnapshotData.chunks();
      assertThat(chunks).as("the build replaces ContentSnapshotData with the snapshot as constants").isNotNull();
      assertThat(String.join("", chunks).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(resource);
    }
  }

  @Test
  void dataClass_carriesAnySnapshot_acrossChunkBoundaries() throws Exception {
    byte[] data = new byte[70_123]; // three chunks, every byte value, 0 and >= 0x80 (two bytes in modified UTF-8)
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >> 8));
    }
    byte[] classFile = ContentCompiler.dataClass(data);
    Class<?> c = java.lang.invoke.MethodHandles.lookup().defineHiddenClass(classFile, true).lookupClass();
    java.lang.reflect.Method m = c.getDeclaredMethod("chunks");
    m.setAccessible(true);
    String[] chunks = (String[]) m.invoke(null);
    assertThat(chunks).hasSize(3);
    assertThat(String.join("", chunks).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(data);
  }

  @Test
  void read_otherVersion_isRefused_corruptIsAnError() {
    byte[] good = ContentSnapshot.write(ContentLoader.loadBuiltin(false));
    byte[] otherVersion = good.clone();
    otherVersion[7]++;
    assertThat(ContentSnapshot.read(otherVersion)).isNull();
    assertThatThrownBy(() -> ContentSnapshot.read(Arrays.copyOf(good, good.length / 2)))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("corrupt");
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> ContentSnapshot.read(trailing)).isInstanceOf(UncheckedIOException.class);
  }

  private static String[] kinds(Expr e) {
    return switch (e) {
      case Expr.AnyOf a -> java.util.stream.Stream.concat(java.util.stream.Stream.of("AnyOf"),
          a.of().stream().flatMap(x -> java.util.stream.Stream.of(kinds(x)))).toArray(String[]::new);
      case Expr.AllOf a -> java.util.stream.Stream.concat(java.util.stream.Stream.of("AllOf"),
          a.of().stream().flatMap(x -> java.util.stream.Stream.of(kinds(x)))).toArray(String[]::new);
      default -> new String[] {e.getClass().getSimpleName()};
    };
  }
}
