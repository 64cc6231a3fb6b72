/**
 * Read-only access to host state: the root-aware file system view ({@link dev.aiaudit.scan.host.HostFs}),
 * parsers for kernel config, command line, sysctl (runtime and persisted), mountinfo/fstab and cpuinfo,
 * and {@link dev.aiaudit.scan.host.HostFacts}, which loads each source lazily once. Nothing here writes.
 */
package dev.aiaudit.scan.host;
