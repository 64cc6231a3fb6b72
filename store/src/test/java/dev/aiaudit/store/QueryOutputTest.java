package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.EventCodec;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryOutputTest {
  // seq 1: python3.11 read of weights; seq 2: cat (nasty cmdline) open of a parquet shard; seq 50: sensor event
  private final List<EventRow> rows = StoreFixtures.records(50).stream()
      .filter(r -> r.seq() == 1 || r.seq() == 2 || r.seq() == 50)
      .map(r -> new EventRow(r.seq(), r.hash(), r.event()))
      .toList();

  @Test
  void table_alignsColumnsAndCountsRows() {
    String out = render(QueryOutput.Format.TABLE, rows);

    assertThat(out).isEqualTo("""
        TIME (UTC)               SEQ  ACTIVITY        KIND            PID  USER     PROCESS     CONTAINER     COUNT  PATH / DETAIL
        2026-01-01 00:00:00.123    1  read            model_weights  1000  trainer  python3.11  3f9a2c1b7d4e      1  /models/llama/model-00000-of-00008.safetensors
        2026-01-01 00:00:01.123    2  open            training_data  2001  root     cat         -                 1  /data/train/shard-1.parquet
        2026-01-01 00:00:49.123   50  queue_overflow  sensor            -  -        ai-audit    -                49  fanotify queue overflow
        3 events
        """);
  }

  @Test
  void table_controlCharactersInCells_areEscaped() {
    assertThat(QueryOutput.clean("a\nb\tc\u0007")).isEqualTo("a\\nb\\tc\\x07");
  }

  @Test
  void tableAndCsv_terminalEscapesInAPathOrCommandLine_neverPrintedRaw() {
    String path = "/models/\u001b]0;owned\u0007\u009b2J\u202egnp.stnemthgiew";
    String cmd = "python \u001b[2J\nserve.py";
    dev.aiaudit.model.FileEvent base = (dev.aiaudit.model.FileEvent) rows.getFirst().event();
    dev.aiaudit.model.ProcessInfo p = base.process();
    dev.aiaudit.model.FileEvent hostile = new dev.aiaudit.model.FileEvent(base.timeNs(), base.endTimeNs(), base.host(),
        base.activity(), new dev.aiaudit.model.ProcessInfo(p.pid(), p.ppid(), p.uid(), "r\u0085oot", "/bin/\u001bx", cmd,
            p.startTimeNs(), p.containerId(), p.containerRuntime(), p.podUid()), path, base.asset(), 1, base.source());
    List<EventRow> one = List.of(new EventRow(7, rows.getFirst().hash(), hostile));

    String table = render(QueryOutput.Format.TABLE, one);
    String csv = render(QueryOutput.Format.CSV, one);

    for (String out : List.of(table, csv)) {
      assertThat(out).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\u0085");
    }
    assertThat(table).contains("  r\\x85oot  \\x1bx  ").endsWith(
        "/models/\\x1b]0;owned\\x07\\x9b2J\\u202egnp.stnemthgiew\n1 event\n");
    List<String> record = parseCsv(csv).get(1);
    assertThat(record.get(QueryOutput.CSV_COLUMNS.indexOf("path")))
        .isEqualTo("/models/\\x1b]0;owned\\x07\\x9b2J\\u202egnp.stnemthgiew");
    assertThat(record.get(QueryOutput.CSV_COLUMNS.indexOf("cmdline"))).isEqualTo("python \\x1b[2J\nserve.py");
  }

  @Test
  void jsonl_eachLineParsesBackToTheEventWithSeqAndHash() throws Exception {
    String out = render(QueryOutput.Format.JSONL, rows);

    String[] lines = out.split("\n");
    assertThat(lines).hasSize(3);
    ObjectMapper m = new ObjectMapper();
    for (int i = 0; i < lines.length; i++) {
      JsonNode n = m.readTree(lines[i]);
      assertThat(n.get("seq").asLong()).isEqualTo(rows.get(i).seq());
      assertThat(n.get("hash").asText()).isEqualTo(rows.get(i).hash());
      assertThat(EventCodec.decode(lines[i].getBytes(StandardCharsets.UTF_8))).isEqualTo(rows.get(i).event());
    }
  }

  @Test
  void csv_quotesCommasQuotesAndNewlinesPerRfc4180() {
    String out = render(QueryOutput.Format.CSV, rows);

    List<List<String>> records = parseCsv(out);
    assertThat(records).hasSize(4);
    assertThat(records.get(0)).containsExactlyElementsOf(QueryOutput.CSV_COLUMNS);
    List<String> cat = records.get(2);
    assertThat(cat.get(QueryOutput.CSV_COLUMNS.indexOf("cmdline"))).isEqualTo(StoreFixtures.NASTY_CMDLINE);
    assertThat(cat.get(QueryOutput.CSV_COLUMNS.indexOf("ppid"))).isEmpty();
    assertThat(cat.get(QueryOutput.CSV_COLUMNS.indexOf("time"))).isEqualTo("2026-01-01T00:00:01.123456789Z");
    assertThat(out).contains(",\"cat a,\"\"b\"\"\nc\",");
    assertThat(records.get(3).get(QueryOutput.CSV_COLUMNS.indexOf("message"))).isEqualTo("fanotify queue overflow");
    assertThat(out).startsWith("seq,hash,time,end_time,host,class_uid,activity,asset_kind,path,pid,ppid,uid,user_name,"
        + "exe,cmdline,process_start,container_id,container_runtime,pod_uid,count,source,message,attribution,"
        + "attribution_reason,parent_exe,parent_cmdline,cwd,mount_ns,ns_path,file_container_id,file_container_runtime,"
        + "container_path\r\n");
  }

  @Test
  void format_parse_acceptsAnyCaseAndNamesTheChoices() {
    assertThat(QueryOutput.Format.parse("JsonL")).isEqualTo(QueryOutput.Format.JSONL);
    assertThatThrownBy(() -> QueryOutput.Format.parse("xml"))
        .hasMessage("unknown format 'xml' (expected table, jsonl or csv)");
  }

  private static String render(QueryOutput.Format f, List<EventRow> rows) {
    StringWriter w = new StringWriter();
    QueryOutput o = QueryOutput.create(f, w);
    rows.forEach(o);
    o.finish();
    return w.toString();
  }

  /** A small RFC 4180 reader, independent of the writer under test. */
  private static List<List<String>> parseCsv(String s) {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        rec.add(f.toString());
        f.setLength(0);
      } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        rec.add(f.toString());
        f.setLength(0);
        out.add(rec);
        rec = new ArrayList<>();
        i++;
      } else {
        f.append(c);
      }
    }
    return out;
  }
}
