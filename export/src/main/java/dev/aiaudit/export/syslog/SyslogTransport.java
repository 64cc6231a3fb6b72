package dev.aiaudit.export.syslog;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.export.SinkTransport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends RFC 5424 messages over TCP or TLS (octet-counting: {@code MSG-LEN SP SYSLOG-MSG}) or UDP. Connects on the
 * first send and again after any error; a batch counts as delivered when every frame was written and flushed.
 * TCP syslog has no application-level acknowledgement: bytes the peer's kernel took but the server lost when it
 * crashed are lost (use OTLP or Kafka where that matters). UDP datagrams larger than 65,507 bytes cannot be sent
 * and are counted in {@link #oversized()}.
 */
public final class SyslogTransport implements SinkTransport {
  private static final int MAX_UDP = 65_507;

  private final String host;
  private final int port;
  private final SyslogProtocol protocol;
  private final SSLContext tls;
  private final Rfc5424 format;
  private final int connectTimeoutMs;
  private Socket socket;
  private OutputStream out;
  private DatagramSocket udp;
  private long oversized;

  /**
   * @param tls the TLS context for {@link SyslogProtocol#TLS} (trusting the server's CA), else ignored
   */
  public SyslogTransport(String host, int port, SyslogProtocol protocol, SSLContext tls, Rfc5424 format, int connectTimeoutMs) {
    if (protocol == SyslogProtocol.TLS && tls == null) {
      throw new IllegalArgumentException("syslog over TLS needs a TLS context");
    }
    this.host = host;
    this.port = port;
    this.protocol = protocol;
    this.tls = tls;
    this.format = format;
    this.connectTimeoutMs = connectTimeoutMs;
  }

  @Override
  public void send(List<ExportRecord> batch) throws IOException {
    if (protocol == SyslogProtocol.UDP) {
      sendUdp(batch);
      return;
    }
    try {
      if (out != null && peerClosed()) {
        disconnect();
      }
      if (out == null) {
        connect();
      }
      for (ExportRecord r : batch) {
        byte[] msg = format.format(r);
        out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(msg);
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      disconnect();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      s.setSoTimeout(connectTimeoutMs);
      s.setKeepAlive(true);
      if (protocol == SyslogProtocol.TLS) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        s = ssl;
        awaitRefusal(ssl);
      }
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
    out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
  }

  /**
   * In TLS 1.3 the client's handshake ends before the server has checked the client's certificate (or its absence):
   * a server that refuses it sends an alert just after, and a batch written meanwhile would be taken as delivered
   * (syslog has no acknowledgement). So a new TLS 1.3 connection is used only after up to 500 ms (at most the
   * connect timeout) without an alert or an end of stream. A server slower than that to refuse still costs the first
   * batch written to it; {@link #peerClosed} catches the closed connection before the next one.
   */
  private void awaitRefusal(SSLSocket ssl) throws IOException {
    if (!"TLSv1.3".equals(ssl.getSession().getProtocol())) {
      return; // TLS 1.2 checks the client's certificate inside the handshake
    }
    ssl.setSoTimeout(Math.min(connectTimeoutMs, 500));
    try {
      if (ssl.getInputStream().read() == -1) {
        throw new IOException("end of stream");
      }
    } catch (java.net.SocketTimeoutException e) {
      // no alert: the server took the connection
    } catch (IOException e) {
      throw new IOException("the TLS server refused the connection after the handshake (client certificate?): " + e.getMessage(), e);
    }
    ssl.setSoTimeout(connectTimeoutMs);
  }

  /**
   * A syslog server never writes, so a readable end of stream means it closed the connection (a restart): frames
   * written now would be accepted by the local kernel and lost. Checked before each batch.
   */
  private boolean peerClosed() {
    try {
      socket.setSoTimeout(1);
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      try {
        if (!socket.isClosed()) {
          socket.setSoTimeout(connectTimeoutMs);
        }
      } catch (IOException e) {
        // the next write reports it
      }
    }
  }

  private void sendUdp(List<ExportRecord> batch) throws IOException {
    if (udp == null) {
      udp = new DatagramSocket();
    }
    InetSocketAddress to = new InetSocketAddress(host, port);
    for (ExportRecord r : batch) {
      byte[] msg = format.format(r);
      if (msg.length > MAX_UDP) {
        oversized++;
        continue;
      }
      udp.send(new DatagramPacket(msg, msg.length, to));
    }
  }

  /** UDP messages too large for one datagram (not sent). */
  public long oversized() {
    return oversized;
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection: nothing more to do
      }
    }
    socket = null;
    out = null;
  }

  @Override
  public String describe() {
    return "syslog+" + protocol.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
  }

  @Override
  public void close() {
    disconnect();
    if (udp != null) {
      udp.close();
    }
  }
}
