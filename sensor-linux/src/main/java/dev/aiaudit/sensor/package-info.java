/**
 * The Linux file-access sensor's public face: {@link dev.aiaudit.sensor.Sensor}, its configuration
 * ({@link dev.aiaudit.sensor.SensorConfig}) and statistics, and the factory {@link
 * dev.aiaudit.sensor.Sensors} that picks fanotify when the process holds CAP_SYS_ADMIN and the
 * unprivileged /proc fd poller otherwise. The only module that uses {@code java.lang.foreign}.
 */
package dev.aiaudit.sensor;
