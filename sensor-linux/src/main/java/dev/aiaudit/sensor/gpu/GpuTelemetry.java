package dev.aiaudit.sensor.gpu;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import java.io.PrintStream;
import java.lang.foreign.SymbolLookup;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GpuSampler} every {@code interval} on its own thread. Started by {@link #start}: when NVML is absent (no
 * NVIDIA driver) it prints one line, {@value #OFF_LINE}, emits a {@link SensorEvent.Kind#GPU_TELEMETRY} record saying
 * why, and returns {@code null}; when it runs it emits one such record naming the GPUs. On close the open process
 * sessions end ({@code agent_stopped}) and NVML is shut down. A round that fails is counted and logged once; sampling
 * goes on.
 */
public final class GpuTelemetry implements AutoCloseable {
  /** The line printed when this host has no NVML. */
  public static final String OFF_LINE = "no NVIDIA driver/NVML on this host: GPU telemetry off";
  /** Default sampling interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(GpuTelemetry.class);

  private final Nvml nvml;
  private final GpuSampler sampler;
  private final Duration interval;
  private final Thread thread;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastRoundNanos = new AtomicLong();
  private volatile boolean stopping;
  private String lastFailure;

  private GpuTelemetry(Nvml nvml, GpuSampler sampler, Duration interval) {
    this.nvml = nvml;
    this.sampler = sampler;
    this.interval = interval;
    this.thread = Thread.ofPlatform().name("ai-audit-gpu").daemon(true).unstarted(this::run);
  }

  /**
   * Opens NVML from {@code lookup} ({@code null}: the system's {@value Nvml#LIBRARY}) and starts sampling.
   *
   * @param required fail rather than report "off" when NVML is absent ({@code gpu.enabled: true})
   * @param resolver pid → process (exe, user, container, pod), called on the sampling thread only
   * @param out receives the records; must not block
   * @return the running telemetry, or {@code null} when it is off (the line and the record say why)
   * @throws NvmlException when {@code required} and NVML is absent or does not start
   */
  public static GpuTelemetry start(SymbolLookup lookup, Duration interval, boolean required, String host,
      EventClock clock, IntFunction<ProcessInfo> resolver, Consumer<Event> out, PrintStream err) throws NvmlException {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("GPU sampling interval must be positive: " + interval);
    }
    SymbolLookup l = lookup != null ? lookup : Nvml.systemLibrary();
    Nvml nvml;
    try {
      if (l == null) {
        throw NvmlException.of(Nvml.LIBRARY + " not found by the dynamic loader", NvmlReturn.ERROR_LIBRARY_NOT_FOUND);
      }
      nvml = Nvml.open(l);
    } catch (NvmlException e) {
      return off(e, required, host, clock, out, err);
    }
    GpuSampler sampler;
    try {
      sampler = GpuSampler.create(nvml, host, clock, resolver, out);
    } catch (NvmlException e) {
      nvml.close();
      return off(e, required, host, clock, out, err); // NVML loaded but cannot count its GPUs
    } catch (RuntimeException e) {
      nvml.close();
      throw e;
    }
    GpuTelemetry t = new GpuTelemetry(nvml, sampler, interval);
    out.accept(new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.GPU_TELEMETRY, sampler.devices().size(),
        t.description()));
    t.thread.start();
    return t;
  }

  private static GpuTelemetry off(NvmlException e, boolean required, String host, EventClock clock, Consumer<Event> out,
      PrintStream err) throws NvmlException {
    if (required) {
      throw e;
    }
    err.println("ai-audit: " + OFF_LINE + " (" + e.getMessage() + ")");
    out.accept(new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.GPU_TELEMETRY, 0, OFF_LINE + ": "
        + e.getMessage() + "; GPU device-node opens are still recorded by the file sensor"));
    return null;
  }

  /** {@code NVML: 2 GPU(s) (0 NVIDIA H100 ..., 1 ... [MIG]), every 10 s}. */
  public String description() {
    return "NVML: " + sampler.devices().size() + " GPU(s) (" + sampler.devices().stream().map(GpuTelemetry::describe)
        .collect(Collectors.joining(", ")) + "), sampled every " + interval.toMillis() / 1000.0 + " s";
  }

  private static String describe(GpuDevice d) {
    return d.index() + " " + (d.name() == null ? "?" : d.name()) + " " + d.uuid() + (d.migEnabled() ? " [MIG]" : "");
  }

  /** {@code rounds=.. records=.. failures=.. last_round_us=.. lost_gpus=.. buffer_growths=..}. */
  public String stats() {
    return "rounds=" + sampler.rounds() + " records=" + sampler.records() + " failures=" + failures.get()
        + " last_round_us=" + lastRoundNanos.get() / 1000 + " lost_gpus=" + sampler.lostGpus()
        + " buffer_growths=" + nvml.bufferGrowths();
  }

  private void run() {
    long next = System.nanoTime();
    while (!stopping) {
      long t0 = System.nanoTime();
      try {
        sampler.sampleOnce();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
          lastFailure = String.valueOf(e.getMessage());
          LOG.warn("GPU sampling round failed (logged once per distinct failure)", e);
        }
      }
      lastRoundNanos.set(System.nanoTime() - t0);
      next += interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait < 0) {
        next = System.nanoTime(); // fell behind: no burst of catch-up rounds
        continue;
      }
      try {
        Thread.sleep(Duration.ofNanos(wait));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling, ends the open sessions ({@code agent_stopped}) and shuts NVML down. */
  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sampler.finish();
    nvml.close();
  }
}
