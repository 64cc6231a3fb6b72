/**
 * Load drivers of the admission webhook: {@link dev.aiaudit.bench.admission.WebhookLoadDriver} (JDK HttpClient or
 * one raw TLS socket per worker) and {@link dev.aiaudit.bench.admission.WebhookBench} ({@code bench webhook}).
 */
package dev.aiaudit.bench.admission;
