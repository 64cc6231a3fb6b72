package dev.aiaudit.scan.content;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.scan.eval.Expr;
import dev.aiaudit.scan.eval.SysctlMode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loaded bundled content (checks with their defaults merged, derived titles and remediation, parsed tests;
 * profiles) as a compact binary snapshot, written by the build after the content passed schema and semantic
 * validation ({@link ContentCompiler}) and read at run time instead of parsing the content again: reading it is a
 * few thousand primitive reads, no JSON parser, no text derivation. A CLI scan is short-lived and most of its CPU
 * went into loading content. Strings are stored once in a table and referred to by index.
 *
 * <p>Format: magic, version, string table, checks, profiles. A snapshot of another version is refused (the caller
 * then parses the content), so a stale file can never be half-read.
 */
public final class ContentSnapshot {
  static final String RESOURCE = ContentCompiler.COMPILED_PREFIX + "content.snapshot";
  private static final int MAGIC = 0x41414353; // "AACS"
  private static final int VERSION = 3;
  /** Length flag of an all-ASCII string in the string table. */
  private static final int ASCII = 0x8000_0000;

  private ContentSnapshot() {}

  /** Encodes {@code content}. */
  public static byte[] write(Content content) {
    Writer w = new Writer();
    w.checks(content.checks().values());
    w.profiles(content.profiles().values());
    return w.finish();
  }

  /** Decodes a snapshot; {@code null} when it is not of this version (a stale build output). */
  public static Content read(byte[] data) {
    try {
      Cursor in = new Cursor(data);
      if (in.getInt() != MAGIC || in.getInt() != VERSION) {
        return null;
      }
      String[] strings = new String[in.getInt()];
      for (int i = 0; i < strings.length; i++) {
        int len = in.getInt();
        boolean ascii = (len & ASCII) != 0;
        len &= ~ASCII;
        in.skip(len);
        strings[i] = new String(data, in.at - len, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      }
      Reader r = new Reader(in, strings);
      int n = in.getInt();
      Map<String, CheckDef> checks = new LinkedHashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        CheckDef c = r.check();
        checks.put(c.id(), c);
      }
      int p = in.getInt();
      Map<String, ProfileDef> profiles = new LinkedHashMap<>(p * 2);
      for (int i = 0; i < p; i++) {
        ProfileDef d = r.profile();
        profiles.put(d.id(), d);
      }
      if (in.at != data.length) {
        throw new IOException("trailing bytes");
      }
      return new Content(checks, profiles);
    } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new UncheckedIOException("corrupt scan content snapshot", e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * Big-endian reads straight from the array: a snapshot is read once, in a JVM that has just started, where each
   * call of a {@link java.nio.ByteBuffer} or {@link java.io.DataInputStream} read runs several interpreted frames.
   */
  private static final class Cursor {
    private final byte[] d;
    private int at;

    Cursor(byte[] d) {
      this.d = d;
    }

    int getInt() {
      int p = at;
      if (p + 4 > d.length) {
        throw new IndexOutOfBoundsException("snapshot ends early");
      }
      at = p + 4;
      return (d[p] & 0xff) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | (d[p + 3] & 0xff);
    }

    byte get() {
      return d[at++];
    }

    void skip(int n) {
      if (n < 0 || at + n > d.length) {
        throw new IndexOutOfBoundsException("snapshot ends early");
      }
      at += n;
    }
  }

  // expression tags
  private static final int ANY = 1, ALL = 2, OPT = 3, VERSION_AT_LEAST = 4, FILE_VALUE = 5, EXISTS = 6, CONFIG_KEY = 7,
      FILE_STAT = 8, MOUNT = 9, CPU_FLAG = 10;

  private static final class Writer {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> table = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(body);

    /** String index + 1; 0 is null. */
    private void str(String s) throws IOException {
      if (s == null) {
        out.writeInt(0);
        return;
      }
      Integer i = index.get(s);
      if (i == null) {
        i = table.size();
        index.put(s, i);
        table.add(s);
      }
      out.writeInt(i + 1);
    }

    private void strs(List<String> list) throws IOException {
      out.writeInt(list.size());
      for (String s : list) {
        str(s);
      }
    }

    private void optInt(Integer v) throws IOException {
      out.writeBoolean(v != null);
      if (v != null) {
        out.writeInt(v);
      }
    }

    void checks(Iterable<CheckDef> checks) {
      try {
        List<CheckDef> list = new ArrayList<>();
        checks.forEach(list::add);
        out.writeInt(list.size());
        for (CheckDef c : list) {
          str(c.id());
          str(c.kind());
          str(c.title());
          str(c.rationale());
          str(c.remediation());
          str(c.severity() == null ? null : c.severity().name());
          strs(c.tags());
          strs(c.references());
          expr(c.test());
          str(c.file());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void expr(Expr e) throws IOException {
      switch (e) {
        case Expr.AnyOf a -> {
          out.writeByte(ANY);
          exprs(a.of());
        }
        case Expr.AllOf a -> {
          out.writeByte(ALL);
          exprs(a.of());
        }
        case Expr.Opt o -> {
          out.writeByte(OPT);
          out.writeByte(o.source().ordinal());
          str(o.name());
          str(o.expect());
          str(o.expectFrom());
        }
        case Expr.KernelVersion v -> {
          out.writeByte(VERSION_AT_LEAST);
          out.writeInt(v.major());
          out.writeInt(v.minor());
          out.writeInt(v.patch());
        }
        case Expr.FileValue f -> {
          out.writeByte(FILE_VALUE);
          str(f.path());
          str(f.expect());
          str(f.matches());
          out.writeBoolean(f.failIfAbsent());
        }
        case Expr.Exists x -> {
          out.writeByte(EXISTS);
          str(x.path());
          out.writeBoolean(x.expect());
        }
        case Expr.ConfigKey k -> {
          out.writeByte(CONFIG_KEY);
          str(k.path());
          str(k.key());
          str(k.expect());
          str(k.defaultValue());
        }
        case Expr.FileStat s -> {
          out.writeByte(FILE_STAT);
          str(s.path());
          optInt(s.maxMode());
          optInt(s.owner());
          out.writeBoolean(s.notWorldWritable());
        }
        case Expr.Mount m -> {
          out.writeByte(MOUNT);
          str(m.mountPoint());
          strs(m.options());
          out.writeBoolean(m.failIfNotMounted());
        }
        case Expr.CpuFlag f -> {
          out.writeByte(CPU_FLAG);
          str(f.flag());
        }
      }
    }

    private void exprs(List<Expr> list) throws IOException {
      out.writeInt(list.size());
      for (Expr e : list) {
        expr(e);
      }
    }

    void profiles(Iterable<ProfileDef> profiles) {
      try {
        List<ProfileDef> list = new ArrayList<>();
        profiles.forEach(list::add);
        out.writeInt(list.size());
        for (ProfileDef p : list) {
          str(p.id());
          str(p.title());
          str(p.framework());
          str(p.description());
          str(p.sysctlMode() == null ? null : p.sysctlMode().name());
          strs(p.includeTags());
          strs(p.includeIds());
          strs(p.excludeIds());
          out.writeInt(p.severity().size());
          for (var e : p.severity().entrySet()) {
            str(e.getKey());
            str(e.getValue().name());
          }
          listMap(p.controlsByTag());
          listMap(p.controls());
          str(p.file());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void listMap(Map<String, List<String>> m) throws IOException {
      out.writeInt(m.size());
      for (var e : m.entrySet()) {
        str(e.getKey());
        strs(e.getValue());
      }
    }

    byte[] finish() {
      try {
        out.flush();
        ByteArrayOutputStream all = new ByteArrayOutputStream(body.size() + table.size() * 16);
        DataOutputStream head = new DataOutputStream(all);
        head.writeInt(MAGIC);
        head.writeInt(VERSION);
        head.writeInt(table.size());
        for (String s : table) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          // the top bit marks an all-ASCII string: read back with a plain copy (ISO-8859-1), where UTF-8 decoding
          // first scans every byte, interpreted in a scan's fresh JVM
          head.writeInt(b.length == s.length() ? b.length | ASCII : b.length);
          head.write(b);
        }
        head.flush();
        body.writeTo(all);
        return all.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Reader(Cursor in, String[] strings) {
    private String str() throws IOException {
      int i = in.getInt();
      return i == 0 ? null : strings[i - 1];
    }

    private List<String> strs() throws IOException {
      int n = in.getInt();
      String[] a = new String[n];
      for (int i = 0; i < n; i++) {
        a[i] = str();
      }
      return List.of(a);
    }

    private Integer optInt() throws IOException {
      return (in.get() != 0) ? in.getInt() : null;
    }

    CheckDef check() throws IOException {
      String id = str();
      String kind = str();
      String title = str();
      String rationale = str();
      String remediation = str();
      String severity = str();
      List<String> tags = strs();
      List<String> references = strs();
      Expr test = expr();
      String file = str();
      return new CheckDef(id, kind, title, rationale, remediation, severity == null ? null : named(AlertSeverity.values(), severity),
          tags, references, test, file);
    }

    private Expr expr() throws IOException {
      int tag = in.get();
      return switch (tag) {
        case ANY -> new Expr.AnyOf(exprs());
        case ALL -> new Expr.AllOf(exprs());
        case OPT -> new Expr.Opt(Expr.OptSource.values()[in.get()], str(), str(), str());
        case VERSION_AT_LEAST -> new Expr.KernelVersion(in.getInt(), in.getInt(), in.getInt());
        case FILE_VALUE -> new Expr.FileValue(str(), str(), str(), (in.get() != 0));
        case EXISTS -> new Expr.Exists(str(), (in.get() != 0));
        case CONFIG_KEY -> new Expr.ConfigKey(str(), str(), str(), str());
        case FILE_STAT -> new Expr.FileStat(str(), optInt(), optInt(), (in.get() != 0));
        case MOUNT -> new Expr.Mount(str(), strs(), (in.get() != 0));
        case CPU_FLAG -> new Expr.CpuFlag(str());
        default -> throw new IOException("unknown expression tag " + tag);
      };
    }

    private List<Expr> exprs() throws IOException {
      int n = in.getInt();
      Expr[] a = new Expr[n];
      for (int i = 0; i < n; i++) {
        a[i] = expr();
      }
      return List.of(a);
    }

    ProfileDef profile() throws IOException {
      String id = str();
      String title = str();
      String framework = str();
      String description = str();
      String mode = str();
      List<String> includeTags = strs();
      List<String> includeIds = strs();
      List<String> excludeIds = strs();
      int ns = in.getInt();
      Map<String, AlertSeverity> severity = new LinkedHashMap<>();
      for (int i = 0; i < ns; i++) {
        severity.put(str(), named(AlertSeverity.values(), str()));
      }
      Map<String, List<String>> controlsByTag = listMap();
      Map<String, List<String>> controls = listMap();
      String file = str();
      return new ProfileDef(id, title, framework, description, mode == null ? null : named(SysctlMode.values(), mode),
          includeTags, includeIds, excludeIds, severity, controlsByTag, controls, file);
    }

    private Map<String, List<String>> listMap() throws IOException {
      int n = in.getInt();
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        m.put(str(), strs());
      }
      return m;
    }
  }

  /** {@code Enum.valueOf} without its reflective first use (start-up cost of a scan): the constant named {@code name}. */
  private static <E extends Enum<E>> E named(E[] values, String name) {
    for (E e : values) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no constant " + name + " in " + values.getClass().getComponentType().getSimpleName());
  }
}
