/**
 * Processes: who is behind each pid, also after it exited. The process table ({@link
 * dev.aiaudit.sensor.proc.ProcessTable}) is kept current by the {@link
 * dev.aiaudit.sensor.proc.ProcessMonitor} from the kernel's process events connector ({@link
 * dev.aiaudit.sensor.proc.ProcConnector}, {@link dev.aiaudit.sensor.proc.ProcEvent}) and race-free
 * exec opens ({@link dev.aiaudit.sensor.proc.ExecWatcher}); {@link
 * dev.aiaudit.sensor.proc.ProcessResolver} asks it first and falls back to /proc (cached per pid and
 * start time). Execs become Launch records ({@link dev.aiaudit.sensor.proc.ProcessLaunchSensor},
 * coalesced by {@link dev.aiaudit.sensor.proc.LaunchCoalescer}). Also: /proc/PID/stat parsing ({@link
 * dev.aiaudit.sensor.proc.ProcStat}), container and pod ids from cgroup paths ({@link
 * dev.aiaudit.sensor.proc.CgroupInfo}), user names from /etc/passwd ({@link
 * dev.aiaudit.sensor.proc.UserNames}).
 */
package dev.aiaudit.sensor.proc;
