/** Wiring of the agent: sensor → queue → journal → store, as ordered start and stop steps. */
package dev.aiaudit.cli.wiring;
