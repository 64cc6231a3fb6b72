package dev.aiaudit.sensor.fanotify;

/**
 * What the reader thread hands to the enrichment thread: an event under a watched root, already
 * resolved to its path, its fd already closed.
 *
 * @param timeNs when the batch holding it was read, ns since the epoch
 * @param pid process that caused it
 * @param mask FAN_* bits (several when the kernel merged events)
 * @param path canonical path
 */
record RawEvent(long timeNs, int pid, long mask, String path) {}
