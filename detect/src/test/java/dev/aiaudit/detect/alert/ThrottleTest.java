package dev.aiaudit.detect.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final long S = 1_000_000_000L;

  private static AlertEvent alert(String key, long seq) {
    return new AlertEvent(seq, "h", "r", "t", "d", AlertSeverity.LOW, List.of(), List.of(new AlertEvent.Citation(seq, "aa")),
        key, 0, "m" + seq, "rules", null);
  }

  @Test
  void offer_withinWindow_countsAndTheNextAlertStandsForThem() {
    Throttle t = new Throttle(100);
    List<AlertEvent> ev = new ArrayList<>();
    Duration w = Duration.ofSeconds(60);
    assertThat(t.offer(alert("k", 1), w, 1, 0, ev)).isNotNull();
    assertThat(t.offer(alert("k", 2), w, 1, 10 * S, ev)).isNull();
    assertThat(t.offer(alert("k", 3), w, 1, 20 * S, ev)).isNull();
    assertThat(t.offer(alert("other", 4), w, 1, 20 * S, ev)).isNotNull(); // another group key passes
    AlertEvent next = t.offer(alert("k", 5), w, 1, 61 * S, ev);
    assertThat(next.suppressed()).isEqualTo(2);
    assertThat(next.cites().getFirst().seq()).isEqualTo(5);
    assertThat(t.suppressedTotal()).isEqualTo(2);
    assertThat(ev).isEmpty();
  }

  @Test
  void expire_windowClosedWithCounts_emitsTheLastSuppressedAsSummary() {
    Throttle t = new Throttle(100);
    List<AlertEvent> ev = new ArrayList<>();
    Duration w = Duration.ofSeconds(60);
    t.offer(alert("k", 1), w, 2, 0, ev);
    t.offer(alert("k", 2), w, 2, S, ev);
    t.offer(alert("k", 3), w, 2, 2 * S, ev);
    t.offer(alert("k", 4), w, 2, 3 * S, ev);
    assertThat(t.expire(59 * S)).isEmpty();
    List<AlertEvent> sum = t.expire(60 * S);
    assertThat(sum).hasSize(1);
    assertThat(sum.getFirst().cites().getFirst().seq()).isEqualTo(4);
    assertThat(sum.getFirst().suppressed()).isEqualTo(1); // it stands for matches 3 and 4
    assertThat(t.keys()).isZero();
  }

  @Test
  void offer_stateFull_evictsOldestAndEmitsItsCount() {
    Throttle t = new Throttle(2);
    List<AlertEvent> ev = new ArrayList<>();
    Duration w = Duration.ofHours(1);
    t.offer(alert("a", 1), w, 1, 0, ev);
    t.offer(alert("a", 2), w, 1, 1, ev); // suppressed
    t.offer(alert("b", 3), w, 1, 2, ev);
    t.offer(alert("c", 4), w, 1, 3, ev); // evicts a
    assertThat(t.keys()).isEqualTo(2);
    assertThat(ev).singleElement().satisfies(a -> {
      assertThat(a.groupKey()).isEqualTo("a");
      assertThat(a.suppressed()).isZero();
      assertThat(a.cites().getFirst().seq()).isEqualTo(2);
    });
  }

  @Test
  void offer_noThrottle_passesEverything() {
    Throttle t = new Throttle(1);
    for (int i = 1; i <= 5; i++) {
      assertThat(t.offer(alert("k", i), null, 1, i, new ArrayList<>())).isNotNull();
    }
    assertThat(t.drain()).isEmpty();
  }
}
