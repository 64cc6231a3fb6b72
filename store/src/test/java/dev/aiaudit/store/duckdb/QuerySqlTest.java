package dev.aiaudit.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.store.EventQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySqlTest {

  @Test
  void of_everyCriterion_isAParameterNeverSqlText() {
    String evil = "x' OR '1'='1";
    EventQuery q = EventQuery.builder().from(Instant.ofEpochSecond(1)).to(Instant.ofEpochSecond(2))
        .assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).activities(List.of(FileActivity.READ))
        .pathGlob(evil).process(evil).user(evil).container(evil).limit(5).build();

    QuerySql sql = QuerySql.of(q);

    assertThat(sql.sql()).doesNotContain("OR '1'").doesNotContain("model_weights").doesNotContain("read'");
    assertThat(sql.params()).containsExactly(1_000_000_000L, 2_000_000_000L, "model_weights", "read", evil, evil,
        "*/" + evil, evil, evil, evil, evil, 5L);
    assertThat(sql.sql()).isEqualTo("SELECT " + Schema.SELECT_COLUMNS + " FROM events WHERE"
        + " time >= make_timestamp_ns(?) AND time < make_timestamp_ns(?) AND asset_kind IN (?)"
        + " AND class_uid = 1001 AND activity IN (?) AND path GLOB ? AND (exe GLOB ? OR exe GLOB ?)"
        + " AND user_name = ? AND (starts_with(container_id, ?) OR starts_with(pod_uid, ?) OR starts_with(file_container_id, ?))"
        + " ORDER BY time, seq LIMIT ?");
  }

  @Test
  void of_numericProcessAndUser_matchPidAndUid() {
    QuerySql sql = QuerySql.of(EventQuery.builder().process("42").user("0").limit(0).build());

    assertThat(sql.sql()).contains("pid = ?").contains("uid = ?").doesNotContain("LIMIT");
    assertThat(sql.params()).containsExactly(42, 0);
  }

  @Test
  void of_pidBeyondInt_matchesNothing() {
    assertThat(QuerySql.of(EventQuery.builder().process("99999999999").build()).params()).startsWith(-1);
  }
}
