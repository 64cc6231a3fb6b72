package dev.aiaudit.scan.eval;

/**
 * Compares one option's state with its expected value, with the semantics kernel-hardening-checker uses so
 * that verdicts agree: {@code is not set} also holds for an option that is not mentioned at all,
 * {@code is not off} fails for {@code off}, {@code 0}, {@code is not set} and absent, {@code *x*} looks for x
 * in a quoted comma-separated list.
 */
final class OptionMatch {
  private OptionMatch() {}

  /**
   * @param shown option name as displayed
   * @param state the option's value, {@code null} when absent
   */
  static Outcome check(String shown, String expect, String state) {
    if (expect.length() > 1 && expect.startsWith("*") && expect.endsWith("*")) {
      if (state == null) {
        return Outcome.of(false, shown + " not found");
      }
      String item = expect.substring(1, expect.length() - 1);
      String list = state.startsWith("\"") && state.endsWith("\"") && state.length() >= 2
          ? state.substring(1, state.length() - 1) : state;
      for (String s : list.split(",")) {
        if (s.equals(item)) {
          return Outcome.of(true, shown + "=" + state);
        }
      }
      return Outcome.of(false, shown + "=" + state + " (no " + item + ")");
    }
    return switch (expect) {
      case "is present" -> Outcome.of(state != null, state == null ? shown + " not present" : shown + " is present");
      case "is not off" -> {
        boolean off = state == null || state.equals("off") || state.equals("0") || state.equals("is not set");
        yield Outcome.of(!off, state == null ? shown + " not found" : shown + "=" + state);
      }
      default -> {
        if (state == null) {
          yield Outcome.of(expect.equals("is not set"), shown + " not found");
        }
        yield Outcome.of(expect.equals(state), state.equals("is not set") ? shown + " is not set" : shown + "=" + state);
      }
    };
  }
}
