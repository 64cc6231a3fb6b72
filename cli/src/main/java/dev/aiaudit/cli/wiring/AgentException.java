package dev.aiaudit.cli.wiring;

/** The agent could not start; the message is one line naming the path or setting at fault. */
public final class AgentException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
