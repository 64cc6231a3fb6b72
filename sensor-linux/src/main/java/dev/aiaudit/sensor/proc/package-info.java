/**
 * Process enrichment from /proc and the cgroup tree: /proc/PID/stat parsing ({@link
 * dev.aiaudit.sensor.proc.ProcStat}), container and pod ids from cgroup paths ({@link
 * dev.aiaudit.sensor.proc.CgroupInfo}), user names from /etc/passwd ({@link
 * dev.aiaudit.sensor.proc.UserNames}), and the per-process cache keyed by pid and start time
 * ({@link dev.aiaudit.sensor.proc.ProcessResolver}).
 */
package dev.aiaudit.sensor.proc;
