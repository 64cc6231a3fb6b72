/** Store benchmarks: Appender insert throughput and query latency of the DuckDB index. */
package dev.aiaudit.bench.store;
