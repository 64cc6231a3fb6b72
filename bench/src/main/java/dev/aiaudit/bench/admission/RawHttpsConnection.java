package dev.aiaudit.bench.admission;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One blocking HTTP/1.1 keep-alive connection over TLS, for the load driver: it writes a POST and reads the
 * response (Content-Length or chunked) on the calling thread, so a round trip has no thread hand-offs on
 * the client side (the JDK HttpClient hands each exchange to its selector thread and an executor).
 */
final class RawHttpsConnection implements AutoCloseable {

  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;

  RawHttpsConnection(URI uri, SSLContext ssl) throws IOException {
    socket = (SSLSocket) ssl.getSocketFactory().createSocket(uri.getHost(), uri.getPort());
    socket.setTcpNoDelay(true);
    var params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(params);
    socket.startHandshake();
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends {@code body} and returns the response status; the response body is read and discarded. */
  int post(byte[] body) throws IOException {
    ByteArrayOutputStream req = new ByteArrayOutputStream(head.length + body.length + 16);
    req.writeBytes(head);
    req.writeBytes((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    req.writeBytes(body);
    req.writeTo(out);
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
        in.skipNBytes(size);
        line();
      }
      line();
    } else if (length > 0) {
      in.skipNBytes(length);
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed by server");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
