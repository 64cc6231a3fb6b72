package dev.aiaudit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ai-audit policy}: AI-governance policies. Each job is its own subcommand class; add new
 * ones to the {@code subcommands} list, one line each.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "AI deployment inventory and EU AI Act / NIST AI RMF policy evaluation, continuous watch and the Kubernetes admission webhook.",
    subcommands = {
      PolicyInventoryCommand.class,
      PolicyEvalCommand.class,
      PolicyWatchCommand.class,
      PolicyWebhookCommand.class,
    })
public final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit codes shared by the policy subcommands (as in the scanner). */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int COULD_NOT_RUN = 2;
}
