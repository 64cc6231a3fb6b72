/** Export throughput driver: a journal drained by one exporter into a local sink that reads and discards. */
package dev.aiaudit.bench.export;
