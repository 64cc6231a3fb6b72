/** Shared test fixtures: privileges that skip with a printed reason, a test clock, an in-memory sink, event builders. */
package dev.aiaudit.testing;
