package dev.aiaudit.cli;

import dev.aiaudit.policy.PolicyBenchmark;
import dev.aiaudit.policy.PolicyLoadException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ai-audit policy bench}: evaluation throughput of the built-in initiatives on synthetic deployments. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure policy evaluation throughput (deployments x policies per second) on synthetic deployments.")
public final class PolicyBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--deployments", defaultValue = "10000", description = "Synthetic deployments. Default: ${DEFAULT-VALUE}.")
  int deployments;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs per mode. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--warmup", defaultValue = "5", description = "Warm-up runs per mode. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Override
  public Integer call() {
    try {
      var rows = new PolicyBenchmark(deployments, Math.max(1, runs), Math.max(0, warmup)).run();
      spec.commandLine().getOut().print(PolicyBenchmark.table(rows));
      spec.commandLine().getOut().flush();
      return PolicyCommand.OK;
    } catch (PolicyLoadException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return PolicyCommand.COULD_NOT_RUN;
    }
  }
}
