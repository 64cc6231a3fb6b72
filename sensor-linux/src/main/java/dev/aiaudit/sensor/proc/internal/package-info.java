/**
 * Netlink socket calls through FFM for the kernel's process events connector ({@code
 * NETLINK_CONNECTOR}, {@code CN_IDX_PROC}). Internal to the sensor; not a supported API.
 */
package dev.aiaudit.sensor.proc.internal;
