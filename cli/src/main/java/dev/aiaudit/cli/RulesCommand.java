package dev.aiaudit.cli;

import dev.aiaudit.detect.rules.CompiledRule;
import dev.aiaudit.detect.rules.Field;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.detect.rules.RuleTester;
import dev.aiaudit.model.text.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ai-audit rules}: list the detection rules, run their examples, print the field vocabulary. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Detection rules (YAML + CEL): list them, test them against their examples, list the fields conditions may use.",
    subcommands = {RulesCommand.ListCmd.class, RulesCommand.TestCmd.class, RulesCommand.FieldsCmd.class,
        RulesCommand.ImportSigmaCmd.class})
public final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code rules list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the rules (built-in pack plus FILE/DIR arguments): id, severity, enabled, index keys, title.")
  static final class ListCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "extra rule files or directories")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--no-builtin", description = "leave out the built-in pack")
    boolean noBuiltin;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      LoadResult r = RuleLoader.load(!noBuiltin, paths);
      if (!r.ok()) {
        spec.commandLine().getErr().println(r.render());
        return 2;
      }
      out.printf("%-40s %-8s %-7s %-28s %s%n", "ID", "SEVERITY", "ENABLED", "INDEX (class/activity)", "TITLE");
      for (CompiledRule c : r.ruleSet().rules()) {
        String idx = (c.classes() == null ? "*" : String.join(",", c.classes().stream().sorted().toList())) + "/"
            + (c.activities() == null ? "*" : String.join(",", c.activities().stream().sorted().toList()));
        out.printf("%-40s %-8s %-7s %-28s %s%n", SafeText.escape(c.id()), c.def().severity().id(), c.def().enabled(),
            SafeText.escape(idx), SafeText.escape(c.def().title()));
      }
      out.println(r.ruleSet().rules().size() + " rules (" + r.ruleSet().enabledCount() + " enabled), "
          + r.ruleSet().listCount() + " lists, " + r.ruleSet().macroCount() + " macros from " + r.files().size() + " files");
      return 0;
    }
  }

  /** {@code rules test}. */
  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Run every rule against the match / no_match examples of its file, like unit tests.",
          "Exit 0 when all pass, 1 when an example fails, 2 when a file does not load."})
  static final class TestCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "rule files or directories (default: the built-in pack)")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      // user files are checked together with the built-in pack (they may use its lists and macros); with no
      // argument the built-in pack's own examples run
      RuleTester.Report rep = RuleTester.run(true, paths, !paths.isEmpty());
      if (!rep.load().ok()) {
        spec.commandLine().getErr().println(rep.load().render());
        return 2;
      }
      long failed = rep.failures();
      for (RuleTester.Case c : rep.cases()) {
        if (!c.passed()) {
          out.println("FAIL " + SafeText.escape(c.ruleId()) + " " + SafeText.escape(c.file()) + ":" + c.line() + " ("
              + (c.expectMatch() ? "match" : "no_match") + "): " + SafeText.escape(c.detail()));
        }
      }
      for (String id : rep.rulesWithoutExamples()) {
        out.println("WARN " + SafeText.escape(id) + ": no match or no no_match example");
      }
      long rules = rep.cases().stream().map(RuleTester.Case::ruleId).distinct().count();
      out.println((failed == 0 ? "OK" : "FAILED") + ": " + rep.cases().size() + " examples of " + rules + " rules, "
          + (rep.cases().size() - failed) + " passed, " + failed + " failed");
      return failed == 0 ? 0 : 1;
    }
  }

  /** {@code rules import-sigma}. */
  @Command(name = "import-sigma", mixinStandardHelpOptions = true,
      description = {"Convert Sigma rules (linux file_event, file_access, process_creation) into an ai-audit rule file.",
          "Every rule not converted is listed with its reason, then a summary. Exit 0 when all converted,",
          "1 when some were skipped, 2 when an input cannot be read."})
  static final class ImportSigmaCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Sigma rule files or directories (*.yml, *.yaml)")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the rule file here (default: standard output)")
    Path output;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      dev.aiaudit.detect.sigma.SigmaImporter.Result r;
      try {
        r = dev.aiaudit.detect.sigma.SigmaImporter.importPaths(paths);
      } catch (java.io.IOException e) {
        err.println("ai-audit: " + SafeText.escape(e.getMessage()));
        return 2;
      }
      for (var s : r.skipped()) {
        err.println("SKIP " + SafeText.escape(s.file()) + ": " + SafeText.capped(s.title(), 120) + ": " + SafeText.capped(s.reason(), 400));
      }
      err.println(r.summary());
      if (!r.converted().isEmpty()) {
        if (output == null) {
          spec.commandLine().getOut().print(r.ruleFile());
          spec.commandLine().getOut().flush();
        } else {
          try {
            java.nio.file.Files.writeString(output, r.ruleFile());
          } catch (java.io.IOException e) {
            err.println("ai-audit: cannot write " + output + ": " + SafeText.escape(String.valueOf(e.getMessage())));
            return 2;
          }
        }
      }
      return r.skipped().isEmpty() ? 0 : 1;
    }
  }

  /** {@code rules fields}. */
  @Command(name = "fields", mixinStandardHelpOptions = true, description = "The fields rule conditions may name.")
  static final class FieldsCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (Field f : Field.values()) {
        out.printf("%-22s %-7s %s%n", f.id(), f.isInteger() ? "int" : "string", f.doc());
      }
      return 0;
    }
  }
}
