package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.SourceTree;
import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.scan.eval.Expr;
import dev.aiaudit.scan.eval.Expr.OptSource;
import java.util.ArrayList;
import java.util.List;

/** Turns a schema-valid {@code test:} node into an {@link Expr}; semantic errors become issues. */
final class ExprParser {
  private final SourceTree doc;
  private final List<Diagnostic> issues;

  ExprParser(SourceTree doc, List<Diagnostic> issues) {
    this.doc = doc;
    this.issues = issues;
  }

  Expr parse(JsonNode n, String ptr) {
    if (n.has("anyOf") || n.has("allOf")) {
      String key = n.has("anyOf") ? "anyOf" : "allOf";
      List<Expr> parts = new ArrayList<>();
      JsonNode arr = n.get(key);
      for (int i = 0; i < arr.size(); i++) {
        parts.add(parse(arr.get(i), ptr + "/" + key + "/" + i));
      }
      return key.equals("anyOf") ? new Expr.AnyOf(parts) : new Expr.AllOf(parts);
    }
    if (n.has("kconfig")) {
      return opt(OptSource.KCONFIG, n, "kconfig");
    }
    if (n.has("cmdline")) {
      return opt(OptSource.CMDLINE, n, "cmdline");
    }
    if (n.has("sysctl")) {
      return opt(OptSource.SYSCTL, n, "sysctl");
    }
    if (n.has("kernelVersion")) {
      String[] v = n.get("kernelVersion").asText().split("\\.");
      try {
        return new Expr.KernelVersion(Integer.parseInt(v[0]), Integer.parseInt(v[1]), v.length > 2 ? Integer.parseInt(v[2]) : 0);
      } catch (RuntimeException e) {
        issues.add(doc.error("BAD_VERSION", ptr + "/kernelVersion", "kernelVersion must be X.Y or X.Y.Z"));
        return new Expr.KernelVersion(0, 0, 0);
      }
    }
    if (n.has("file")) {
      return new Expr.FileValue(n.get("file").asText(), text(n, "expect"), text(n, "matches"),
          "fail".equals(text(n, "ifAbsent")));
    }
    if (n.has("exists")) {
      return new Expr.Exists(n.get("exists").asText(), !n.has("expect") || n.get("expect").asBoolean());
    }
    if (n.has("config")) {
      return new Expr.ConfigKey(n.get("config").asText(), text(n, "key"), text(n, "expect"), text(n, "default"));
    }
    if (n.has("stat")) {
      Integer mode = null;
      if (n.has("maxMode")) {
        try {
          mode = Integer.parseInt(n.get("maxMode").asText(), 8);
        } catch (NumberFormatException e) {
          issues.add(doc.error("BAD_MODE", ptr + "/maxMode", "maxMode must be an octal string such as '0640'"));
        }
      }
      Integer owner = n.has("owner") ? n.get("owner").asInt() : null;
      return new Expr.FileStat(n.get("stat").asText(), mode, owner,
          n.has("notWorldWritable") && n.get("notWorldWritable").asBoolean());
    }
    if (n.has("mount")) {
      List<String> opts = new ArrayList<>();
      n.get("options").forEach(o -> opts.add(o.asText()));
      return new Expr.Mount(n.get("mount").asText(), opts, "fail".equals(text(n, "ifNotMounted")));
    }
    if (n.has("cpuflag")) {
      return new Expr.CpuFlag(n.get("cpuflag").asText());
    }
    issues.add(doc.error("BAD_TEST", ptr, "unknown test kind"));
    return new Expr.Exists("/", true);
  }

  private static Expr opt(OptSource source, JsonNode n, String key) {
    return new Expr.Opt(source, n.get(key).asText(), text(n, "expect"), text(n, "expectFrom"));
  }

  private static String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }
}
