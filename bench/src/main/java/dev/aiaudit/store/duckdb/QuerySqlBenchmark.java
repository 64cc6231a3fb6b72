package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.store.EventQuery;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: translating an {@link EventQuery} into parameterised SQL ({@code QuerySql.of}), for the empty query and for
 * one with every criterion set. It lives in the store's package (in the bench module) because {@code QuerySql} is
 * package-private. {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main QuerySqlBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuerySqlBenchmark {
  private final EventQuery empty = EventQuery.all();
  private final EventQuery full = EventQuery.builder().from(Instant.parse("2026-11-24T08:00:00Z"))
      .to(Instant.parse("2026-11-25T08:00:00Z")).classUids(List.of(1001, 1007))
      .assetKinds(List.of(AssetKind.values())).activities(List.of(FileActivity.values()))
      .pathGlob("/models/**/*.safetensors").process("python").user("1000").container("3f9a2c1b").limit(500)
      .newestFirst(true).build();

  @Benchmark
  public QuerySql emptyQuery() {
    return QuerySql.of(empty);
  }

  @Benchmark
  public QuerySql everyCriterion() {
    return QuerySql.of(full);
  }
}
