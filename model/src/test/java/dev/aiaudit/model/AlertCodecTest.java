package dev.aiaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AlertCodecTest {

  @Test
  void encode_alert_isOcsfDetectionFindingCitingRecords() throws Exception {
    AlertEvent a = new AlertEvent(1_767_268_800_123_000_000L, "node-1", "weights-copied-to-tmp",
        "Model weights copied to /tmp", "A weights file was read and written to a temporary directory",
        AlertSeverity.HIGH, List.of("T1005", "eu-ai-act:art-15", "nist-ai-rmf:MS-2.7"),
        List.of(new AlertEvent.Citation(41, "ab".repeat(32)), new AlertEvent.Citation(42, "cd".repeat(32))),
        "/usr/bin/cp|/models/a.safetensors", 3, "cp (pid 7) read /models/a.safetensors", "rules", null);
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(a));
    assertThat(n.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(n.get("class_name").asText()).isEqualTo("Detection Finding");
    assertThat(n.get("type_uid").asInt()).isEqualTo(200401);
    assertThat(n.get("severity_id").asInt()).isEqualTo(4);
    assertThat(n.get("count").asLong()).isEqualTo(4);
    assertThat(n.at("/finding_info/analytic/uid").asText()).isEqualTo("weights-copied-to-tmp");
    assertThat(n.at("/finding_info/related_events/1/uid").asText()).isEqualTo("42");
    assertThat(n.at("/attacks/0/technique/uid").asText()).isEqualTo("T1005");
    assertThat(n.at("/attacks").size()).isEqualTo(1);
    assertThat(n.at("/unmapped/cites/0/hash").asText()).isEqualTo("ab".repeat(32));
    assertThat(n.at("/unmapped/suppressed_count").asLong()).isEqualTo(3);
    assertThat(EventCodec.decode(EventCodec.encode(a))).isEqualTo(a);
  }

  @Test
  void decode_detectorAlert_keepsMeasure() {
    AlertEvent a = new AlertEvent(5, "h", "volume-baseline", "t", "d", AlertSeverity.LOW, List.of(),
        List.of(new AlertEvent.Citation(1, "00")), "", 0, "m", "detector",
        new AlertEvent.Measure("reads_per_window", 12.5, 400, 60.25));
    assertThat(EventCodec.decode(EventCodec.encode(a))).isEqualTo(a);
  }

  @Property(tries = 200)
  void decode_encode_roundTripsEveryAlert(@ForAll("alerts") AlertEvent a) {
    assertThat(EventCodec.decode(EventCodec.encode(a))).isEqualTo(a);
  }

  @Provide
  Arbitrary<AlertEvent> alerts() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
    Arbitrary<List<String>> tags = Arbitraries.strings().ofMinLength(1).ofMaxLength(12).list().ofMaxSize(4);
    Arbitrary<List<AlertEvent.Citation>> cites = Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)).as(AlertEvent.Citation::new).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<AlertEvent.Measure> measure = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
        Arbitraries.doubles().between(-1e9, 1e9), Arbitraries.doubles().between(0, 1e9), Arbitraries.doubles().between(0, 1e9))
        .as(AlertEvent.Measure::new).injectNull(0.5);
    return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 4),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20), text, text,
            Arbitraries.of(AlertSeverity.class), tags, cites, text)
        .flatAs((t, id, title, desc, sev, tg, cs, key) -> Combinators.combine(Arbitraries.longs().between(0, 1_000_000), text,
            Arbitraries.of("rules", "detector"), measure)
            .as((sup, msg, src, m) -> new AlertEvent(t, "host", id, title, desc, sev, tg, cs, key, sup, msg, src, m)));
  }
}
