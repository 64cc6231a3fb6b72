/**
 * Internal, unsupported: the FFM downcall handles (fanotify_init, fanotify_mark, read, poll,
 * readlink, close, sysconf) with errno captured through {@code Linker.Option.captureCallState}, and
 * the constants of {@code <linux/fanotify.h>}. Not for use outside {@code sensor-linux}.
 */
package dev.aiaudit.sensor.fanotify.internal;
