package dev.aiaudit.cli.config;

/** A configuration file could not be used; the message reads {@code ERROR: <file>:<line>:<col>: problem}. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
