package dev.aiaudit.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.Events;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeverityTest {
  @Test
  void idOf_agreesWithTheCodecForEveryKindOfRecord() throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(Events.sample(i, 1_000L + i));
    }
    for (SensorEvent.Kind k : SensorEvent.Kind.values()) {
      events.add(new SensorEvent(5, "h", k, 1, "m"));
    }
    for (String s : List.of("compliant", "non-compliant", "warn", "deny", "error", "absent")) {
      events.add(new FindingEvent(7, "h", "subj", "absent", s, "m", "policy-watch"));
    }
    for (dev.aiaudit.model.AlertSeverity sev : dev.aiaudit.model.AlertSeverity.values()) {
      events.add(new dev.aiaudit.model.AlertEvent(9, "h", "rule-" + sev.id(), "t", "d", sev, List.of("T1496"),
          List.of(new dev.aiaudit.model.AlertEvent.Citation(3, "ab".repeat(32))), "g", 0, "m", "detect", null));
    }
    events.add(new dev.aiaudit.model.ProcessEvent(11, 11, "h",
        new dev.aiaudit.model.ProcessInfo(5, 1, 0, "root", "/bin/true", "true", 0L, null, null, null), "/bin/sh", "sh",
        "/", 1, "proc-connector"));
    ObjectMapper m = new ObjectMapper();
    for (Event e : events) {
      assertThat(Severity.idOf(e)).as(e.toString()).isEqualTo(m.readTree(EventCodec.encode(e)).path("severity_id").asInt());
    }
  }

  @Test
  void parse_namesAndNumbers() {
    assertThat(Severity.parse("High")).isEqualTo(4);
    assertThat(Severity.parse(" informational ")).isEqualTo(1);
    assertThat(Severity.parse("5")).isEqualTo(5);
    assertThatThrownBy(() -> Severity.parse("urgent")).hasMessageContaining("unknown severity 'urgent'");
  }
}
