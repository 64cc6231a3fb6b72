package dev.aiaudit.detect.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Sigma search identifier to CEL. A map is an AND of its field conditions; a list of maps is an
 * OR of them; a field's value list is an OR (AND with {@code |all}). Field names map to the record
 * vocabulary; modifiers {@code contains startswith endswith all re base64 base64offset exists
 * windash} are converted, {@code cidr} and others are refused with the reason.
 */
final class SigmaSelection {
  static final Map<String, String> FIELDS = Map.of(
      "Image", "proc.exe",
      "CommandLine", "proc.cmdline",
      "ParentImage", "proc.parent_exe",
      "ParentCommandLine", "proc.parent_cmdline",
      "User", "proc.user",
      "CurrentDirectory", "proc.cwd",
      "TargetFilename", "file.path");
  private static final Set<String> MODIFIERS =
      Set.of("contains", "startswith", "endswith", "all", "re", "base64", "base64offset", "exists", "windash");
  private static final String[] DASHES = {"-", "/", "\u2013", "\u2014", "\u2015"};

  private SigmaSelection() {}

  static String toCel(String name, Object search) {
    if (search instanceof Map<?, ?> m) {
      return map(m);
    }
    if (search instanceof List<?> l) {
      if (l.stream().allMatch(x -> x instanceof Map<?, ?>)) {
        List<String> parts = new ArrayList<>();
        for (Object o : l) {
          parts.add(map((Map<?, ?>) o));
        }
        return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" || ", parts) + ")";
      }
      throw new SigmaException("keyword search '" + name + "' (values without a field) is not supported");
    }
    throw new SigmaException("search identifier '" + name + "' must be a map or a list of maps");
  }

  private static String map(Map<?, ?> m) {
    List<String> parts = new ArrayList<>();
    for (var e : m.entrySet()) {
      parts.add(field(String.valueOf(e.getKey()), e.getValue()));
    }
    if (parts.isEmpty()) {
      throw new SigmaException("empty selection is not supported");
    }
    return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" && ", parts) + ")";
  }

  private static String field(String key, Object value) {
    String[] p = key.split("\\|");
    String field = FIELDS.get(p[0]);
    if (field == null) {
      throw new SigmaException("unsupported field '" + p[0] + "'");
    }
    List<String> mods = new ArrayList<>();
    for (int i = 1; i < p.length; i++) {
      if (!MODIFIERS.contains(p[i])) {
        throw new SigmaException("unsupported modifier '" + p[i] + "'");
      }
      mods.add(p[i]);
    }
    if (mods.contains("exists")) {
      boolean want = Boolean.parseBoolean(String.valueOf(value));
      return want ? field + " != \"\"" : field + " == \"\"";
    }
    List<Object> values = value instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Collections.singletonList(value));
    if (values.isEmpty()) {
      throw new SigmaException("empty value list for '" + key + "'");
    }
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(one(field, v, mods));
    }
    String join = mods.contains("all") ? " && " : " || ";
    return parts.size() == 1 ? parts.getFirst() : "(" + String.join(join, parts) + ")";
  }

  private static String one(String field, Object v, List<String> mods) {
    if (v == null) {
      return field + " == \"\"";
    }
    String s = String.valueOf(v);
    if (mods.contains("re")) {
      try {
        com.google.re2j.Pattern.compile(s); // the engine CEL's matches() uses
      } catch (com.google.re2j.PatternSyntaxException e) {
        throw new SigmaException("invalid regular expression '" + s + "': " + e.getDescription());
      }
      return field + ".matches(" + quote(s) + ")";
    }
    Set<String> variants = new LinkedHashSet<>();
    variants.add(s);
    if (mods.contains("windash")) {
      Set<String> w = new LinkedHashSet<>();
      for (String x : variants) {
        for (String d : DASHES) {
          w.add(x.replace("-", d));
        }
      }
      variants = w;
    }
    if (mods.contains("base64")) {
      Set<String> b = new LinkedHashSet<>();
      variants.forEach(x -> b.add(Base64.getEncoder().encodeToString(x.getBytes(StandardCharsets.UTF_8))));
      variants = b;
    } else if (mods.contains("base64offset")) {
      Set<String> b = new LinkedHashSet<>();
      variants.forEach(x -> b.addAll(base64Offsets(x)));
      variants = b;
    }
    String op = mods.contains("contains") ? "contains" : mods.contains("startswith") ? "startsWith"
        : mods.contains("endswith") ? "endsWith" : null;
    List<String> parts = new ArrayList<>();
    for (String x : variants) {
      parts.add(op == null ? plain(field, x) : field + "." + op + "(" + quote(x) + ")");
    }
    return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" || ", parts) + ")";
  }

  /** A value without modifier: equality, or Sigma wildcards ({@code *}, {@code ?}) as a regular expression. */
  private static String plain(String field, String s) {
    if (s.indexOf('*') < 0 && s.indexOf('?') < 0) {
      return field + " == " + quote(s.replace("\\\\", "\\"));
    }
    StringBuilder re = new StringBuilder("^");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0) {
        re.append(java.util.regex.Pattern.quote(String.valueOf(s.charAt(++i))));
      } else if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if ("\\.[]{}()+|^$".indexOf(c) >= 0) {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
    }
    return field + ".matches(" + quote(re.append('$').toString()) + ")";
  }

  /**
   * The three base64 forms of {@code s} as it appears at any offset inside a longer base64-encoded
   * text: encode with 0, 1 or 2 leading bytes, drop the characters those bytes influence, and drop
   * the trailing characters that depend on what follows.
   */
  static List<String> base64Offsets(String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    int[] start = {0, 2, 3};
    int[] end = {0, 3, 2};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] b = new byte[i + v.length];
      java.util.Arrays.fill(b, 0, i, (byte) ' ');
      System.arraycopy(v, 0, b, i, v.length);
      String enc = Base64.getEncoder().encodeToString(b);
      int cut = end[(v.length + i) % 3];
      if (enc.length() - cut > start[i]) {
        out.add(enc.substring(start[i], enc.length() - cut));
      }
    }
    return out;
  }

  /** A CEL double-quoted string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
