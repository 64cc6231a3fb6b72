package dev.aiaudit.scan.eval;

/** Which sysctl state a profile judges: the running kernel, the settings persisted for boot, or both. */
public enum SysctlMode {
  RUNTIME,
  PERSISTED,
  BOTH
}
