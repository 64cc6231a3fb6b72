/**
 * The fanotify sensor: {@code fanotify_init}/{@code fanotify_mark}/{@code read} through FFM, the
 * event metadata flyweight ({@link dev.aiaudit.sensor.fanotify.FanotifyEventMetadata}), user-space
 * root filtering on the resolved path ({@link dev.aiaudit.sensor.fanotify.RootFilter}), read
 * coalescing ({@link dev.aiaudit.sensor.fanotify.ReadCoalescer}) and the enrichment thread. The
 * reader thread only reads, resolves the path and closes the event fd; everything else happens on
 * the enrichment thread behind a bounded queue whose drops are counted and reported.
 */
package dev.aiaudit.sensor.fanotify;
