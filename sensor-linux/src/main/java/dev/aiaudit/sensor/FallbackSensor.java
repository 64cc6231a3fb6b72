package dev.aiaudit.sensor;

import java.util.function.Supplier;

/** Starts the preferred sensor; when the kernel refuses it for lack of privilege, starts the fallback instead. */
final class FallbackSensor implements Sensor {
  private final Sensor preferred;
  private final Supplier<Sensor> fallback;
  private volatile Sensor active;

  FallbackSensor(Sensor preferred, Supplier<Sensor> fallback) {
    this.preferred = preferred;
    this.fallback = fallback;
    this.active = preferred;
  }

  @Override
  public void start() throws SensorException {
    try {
      preferred.start();
    } catch (SensorException e) {
      if (!e.permissionDenied()) {
        throw e;
      }
      preferred.close();
      Sensor s = fallback.get();
      active = s;
      s.start();
    }
  }

  @Override
  public String description() {
    return active.description();
  }

  @Override
  public SensorStats stats() {
    return active.stats();
  }

  @Override
  public String strictStats() {
    return active.strictStats();
  }

  @Override
  public void close() {
    active.close();
  }
}
