/**
 * The unprivileged fallback: {@link dev.aiaudit.sensor.poll.ProcFdPoller} scans {@code /proc/*}{@code
 * /fd} every poll interval and reports files under the roots that a process holds open. Lower
 * fidelity than fanotify: opens shorter than the interval are missed and reads are not counted.
 */
package dev.aiaudit.sensor.poll;
