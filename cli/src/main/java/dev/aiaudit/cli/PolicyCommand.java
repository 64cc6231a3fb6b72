package dev.aiaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ai-audit policy}: AI deployment inventory, continuous evaluation and the admission webhook. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "AI deployment inventory, policy watch and the Kubernetes admission webhook.",
    subcommands = {PolicyInventoryCommand.class, PolicyWatchCommand.class, PolicyWebhookCommand.class})
public final class PolicyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
