/** Rule evaluation throughput drivers. */
package dev.aiaudit.bench.detect;
