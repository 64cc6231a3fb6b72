package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of loading rule files: a rule set when every file compiled, else {@code null} and
 * every problem found.
 *
 * @param ruleSet the compiled rules, or {@code null} when {@code errors} is not empty
 * @param errors every problem, in file order
 * @param files the files read (built-in pack resources as {@code builtin:rules/NAME.yaml})
 */
public record LoadResult(RuleSet ruleSet, List<Diagnostic> errors, List<String> files) {
  public LoadResult {
    errors = List.copyOf(errors);
    files = List.copyOf(files);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** Every error in the shared layout ({@link Diagnostic#format()}: headline, source line, caret), one after the other. */
  public String render() {
    return errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }
}
