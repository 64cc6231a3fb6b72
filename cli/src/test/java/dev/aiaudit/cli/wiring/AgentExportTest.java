package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ExportConfig;
import dev.aiaudit.cli.config.SinkConfig;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.Privileges;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent with two syslog sinks, one of them down: wiring, status.json, the backlog record, and a later catch-up. */
class AgentExportTest {
  private static final Pattern SEQ = Pattern.compile("seq=\"(\\d+)\"");
  @TempDir Path tmp;

  /** A syslog/TCP listener that reads octet-counted frames and keeps each frame's seq. */
  private static final class Listener implements AutoCloseable {
    final ServerSocket server;
    final Set<Long> seqs = new ConcurrentSkipListSet<>();

    Listener(int port) throws Exception {
      server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon(true).start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread.ofPlatform().daemon(true).start(() -> read(s));
          } catch (Exception e) {
            return;
          }
        }
      });
    }

    private void read(Socket s) {
      try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
        while (true) {
          int len = 0;
          int c;
          while ((c = in.read()) != ' ') {
            if (c < 0) {
              return;
            }
            len = len * 10 + (c - '0');
          }
          Matcher m = SEQ.matcher(new String(in.readNBytes(len), StandardCharsets.UTF_8));
          if (m.find()) {
            seqs.add(Long.parseLong(m.group(1)));
          }
        }
      } catch (Exception e) {
        // closed
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  private static SinkConfig syslog(String name, int port) {
    return new SinkConfig(name, SinkConfig.Type.SYSLOG, "tcp", "127.0.0.1:" + port, null, null, null, null, null, null, null, null,
        Duration.ofSeconds(2), null, null, null, null);
  }

  private static List<RecordedEvent> journal(Path data) {
    try (Stream<RecordedEvent> s = Journal.read(data.resolve("journal"), 1)) {
      return s.toList();
    }
  }

  @Test
  void agentExports_reportsBacklogOfTheDeadSink_andCatchesUpAfterRestart() throws Exception {
    Privileges.assumeCapSysAdmin("agent with exporters (fanotify sensor)");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = tmp.resolve("data");
    AgentConfig cfg = AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false));
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = probe.getLocalPort();
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Listener up = new Listener(0)) {
      ExportConfig exports = new ExportConfig(1L, List.of(syslog("up", up.server.getLocalPort()), syslog("down", deadPort)));
      try (Agent agent = Agent.start(cfg, exports, new PrintStream(log, true), EventClock.SYSTEM)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // the dead sink's backlog record is journaled, and the live sink delivers it too
        while (System.nanoTime() < deadline && journal(data).stream().noneMatch(r -> r.event() instanceof SensorEvent s
            && s.kind() == SensorEvent.Kind.EXPORT_BACKLOG && up.seqs.contains(r.seq()))) {
          agent.flush(Duration.ofSeconds(5));
          Thread.sleep(100);
        }
        List<RecordedEvent> recs = journal(data);
        assertThat(recs).anySatisfy(r -> {
          assertThat(r.event()).isInstanceOf(SensorEvent.class); // launches (1007) are journaled too
          SensorEvent s = (SensorEvent) r.event();
          assertThat(s.kind()).isEqualTo(SensorEvent.Kind.EXPORT_BACKLOG);
          assertThat(s.message()).contains("export 'down'", "syslog+tcp://127.0.0.1:" + deadPort);
        });
        assertThat(agent.exporters().get(0).awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(up.seqs).containsAll(journal(data).stream().map(RecordedEvent::seq).collect(Collectors.toSet()));
        agent.writeStatus();
        String status = Files.readString(data.resolve("status.json"));
        assertThat(status).contains("\"export\":[{\"name\":\"up\"", "\"name\":\"down\"", "\"backlog\":0", "\"last_error\":\"");
        assertThat(agent.exporters().get(1).stats().backlog()).isPositive();
      }
      assertThat(log.toString()).contains("ai-audit: export 'up' to syslog+tcp://127.0.0.1:", "ai-audit: export 'down' to");
      // the dead sink comes up; the next agent run delivers everything from seq 1 through its cursor
      try (Listener late = new Listener(deadPort)) {
        ExportConfig again = new ExportConfig(1L, List.of(syslog("up", up.server.getLocalPort()), syslog("down", deadPort)));
        try (Agent agent = Agent.start(cfg, again, new PrintStream(log, true), EventClock.SYSTEM)) {
          agent.flush(Duration.ofSeconds(5));
          assertThat(agent.exporters().get(1).awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
          Set<Long> expected = journal(data).stream().map(RecordedEvent::seq).filter(s -> s <= agent.exporters().get(1).stats().ackedSeq())
              .collect(Collectors.toSet());
          assertThat(expected).contains(1L);
          assertThat(late.seqs).containsAll(expected);
        }
      }
    }
  }
}
