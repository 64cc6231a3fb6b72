package dev.aiaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ai-audit gpu}: reports on the GPU telemetry (NVML) the agent journals. */
@Command(name = "gpu", mixinStandardHelpOptions = true,
    description = "Reports on GPU telemetry (NVML): who held GPU memory and used the GPUs, and the energy it took.",
    subcommands = {CommandLine.HelpCommand.class, GpuReportCommand.class})
public final class GpuCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
