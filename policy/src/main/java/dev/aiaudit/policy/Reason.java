package dev.aiaudit.policy;

/**
 * Why a condition decided a verdict.
 *
 * @param path the field (or {@code value}, {@code count(...)}, {@code evidence:...}) that was tested
 * @param condition the operator as written, prefixed {@code not } when the condition failed
 * @param expected the expected value, rendered as text
 * @param actual the actual value, rendered as text ({@code <missing>} when absent)
 */
public record Reason(String path, String condition, String expected, String actual) {

  /** A free-text reason (attestation, exemption, evidence, error). */
  public static Reason note(String text) {
    return new Reason("", "", "", text);
  }

  /** One line: {@code ai.riskClass equals 'high' (actual: 'minimal')}. */
  public String message() {
    if (path.isEmpty() && condition.isEmpty()) {
      return actual;
    }
    return path + " " + condition + " " + expected + " (actual: " + actual + ")";
  }
}
