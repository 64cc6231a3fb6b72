/**
 * Host compliance scanner: reads kernel config, command line, sysctl, mounts, SELinux, FIPS, confidential
 * computing and file-permission state of a host (or an offline root filesystem), evaluates data-defined
 * checks selected by a profile, and returns a {@link dev.aiaudit.scan.ScanReport}. It never writes to the
 * host. Entry point: {@link dev.aiaudit.scan.Scanner}.
 */
package dev.aiaudit.scan;
