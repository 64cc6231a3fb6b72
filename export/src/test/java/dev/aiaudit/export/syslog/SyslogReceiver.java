package dev.aiaudit.export.syslog;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A real syslog server for the tests: accepts TCP or TLS connections on 127.0.0.1, reads octet-counted frames
 * (RFC 6587), parses each RFC 5424 message strictly and keeps it. A frame that does not parse fails the test
 * through {@link #errors()}.
 */
public final class SyslogReceiver implements AutoCloseable {
  /** One parsed message. */
  public record Message(int pri, String version, String timestamp, String hostname, String appName, String procId,
      String msgId, String sdId, java.util.Map<String, String> params, String msg, boolean bom) {
    public long seq() {
      return Long.parseLong(params.get("seq"));
    }
  }

  private static final Pattern HEADER = Pattern.compile(
      "<(\\d{1,3})>(1) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \\[(\\S+)((?: [a-z_]+=\"(?:[^\"\\\\\\]]|\\\\.)*\")*)\\] ");
  private static final Pattern PARAM = Pattern.compile(" ([a-z_]+)=\"((?:[^\"\\\\\\]]|\\\\.)*)\"");

  private final ServerSocket server;
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private SyslogReceiver(ServerSocket server) {
    this.server = server;
    this.acceptor = Thread.ofPlatform().daemon(true).name("syslog-receiver").start(this::accept);
  }

  /** Plain TCP on {@code port} (0: any free port). */
  public static SyslogReceiver tcp(int port) throws IOException {
    return new SyslogReceiver(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
  }

  public static SyslogReceiver tls(int port, SSLContext ctx) throws IOException {
    return new SyslogReceiver(ctx.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress()));
  }

  /** TLS that requires a client certificate the context trusts (mutual TLS). */
  public static SyslogReceiver mtls(int port, SSLContext ctx) throws IOException {
    javax.net.ssl.SSLServerSocket s = (javax.net.ssl.SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(port, 50,
        InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(true);
    return new SyslogReceiver(s);
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Message> messages() {
    return List.copyOf(messages);
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        clients.add(s);
        Thread.ofPlatform().daemon(true).start(() -> read(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void read(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
      while (true) {
        int len = 0;
        int c;
        int digits = 0;
        while ((c = in.read()) != ' ') {
          if (c == -1) {
            if (digits > 0) {
              errors.add("connection ended inside a frame length");
            }
            return;
          }
          if (c < '0' || c > '9' || ++digits > 7) {
            errors.add("bad octet count character " + c);
            return;
          }
          len = len * 10 + (c - '0');
        }
        byte[] frame = in.readNBytes(len);
        if (frame.length != len) {
          errors.add("torn frame: " + frame.length + " of " + len + " bytes");
          return;
        }
        parse(frame);
      }
    } catch (IOException e) {
      // client went away
    }
  }

  /** Parses one RFC 5424 message (also used for UDP datagrams). */
  public void parse(byte[] frame) {
    int bomAt = indexOf(frame, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    String head = new String(frame, 0, bomAt < 0 ? frame.length : bomAt, StandardCharsets.US_ASCII);
    Matcher m = HEADER.matcher(head);
    if (!m.lookingAt() || (bomAt >= 0 && m.end() != bomAt)) {
      errors.add("not RFC 5424: " + head);
      return;
    }
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
    Matcher p = PARAM.matcher(m.group(9));
    while (p.find()) {
      params.put(p.group(1), p.group(2));
    }
    String msg = bomAt < 0 ? "" : new String(frame, bomAt + 3, frame.length - bomAt - 3, StandardCharsets.UTF_8);
    messages.add(new Message(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6),
        m.group(7), m.group(8), params, msg, bomAt >= 0));
  }

  private static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i + b.length <= a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        if (a[i + k] != b[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Waits (bounded) until at least {@code n} messages arrived. */
  public boolean await(int n, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (messages.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return messages.size() >= n;
  }

  /** Drops every open connection (the server keeps listening). */
  public void dropConnections() throws IOException {
    for (Socket s : new ArrayList<>(clients)) {
      s.close();
    }
    clients.clear();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }
}
