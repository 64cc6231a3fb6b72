/**
 * Policy evaluation throughput ({@code bench policy}: {@link dev.aiaudit.bench.policy.PolicyBenchmark} over
 * {@link dev.aiaudit.bench.policy.SyntheticInventory}) and its JMH benchmark.
 */
package dev.aiaudit.bench.policy;
