package dev.aiaudit.detect.sigma;

/** Why a Sigma rule cannot be converted; the message is the reason reported. */
public final class SigmaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SigmaException(String reason) {
    super(reason);
  }

  /** The reason without the variable part, for the summary ({@code unsupported modifier}). */
  public String category() {
    String m = getMessage();
    int q = m.indexOf(" '");
    return q > 0 ? m.substring(0, q) : m;
  }
}
