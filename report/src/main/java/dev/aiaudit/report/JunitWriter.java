package dev.aiaudit.report;

import dev.aiaudit.model.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI, written through the JDK's {@link XMLStreamWriter}: one {@code testsuite} per section, one
 * {@code testcase} per finding. A failed finding is a {@code failure}, an error an {@code error}, anything else that
 * did not pass (unknown, exempt, not applicable) {@code skipped} with its reason.
 */
final class JunitWriter {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private JunitWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    try {
      XMLStreamWriter x = FACTORY.createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      nl(x, 0);
      x.writeStartElement("testsuites");
      x.writeAttribute("name", a.tool());
      long[] totals = new long[4];
      for (Section s : a.sections()) {
        Map<Finding.Status, Integer> c = s.counts();
        totals[0] += s.findings().size();
        totals[1] += c.get(Finding.Status.FAIL);
        totals[2] += c.get(Finding.Status.ERROR);
        totals[3] += s.findings().size() - c.get(Finding.Status.PASS) - c.get(Finding.Status.FAIL) - c.get(Finding.Status.ERROR);
      }
      x.writeAttribute("tests", Long.toString(totals[0]));
      x.writeAttribute("failures", Long.toString(totals[1]));
      x.writeAttribute("errors", Long.toString(totals[2]));
      x.writeAttribute("skipped", Long.toString(totals[3]));
      for (Section s : a.sections()) {
        suite(x, a, s);
      }
      nl(x, 0);
      x.writeEndElement();
      nl(x, 0);
      x.writeEndDocument();
      x.flush();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void suite(XMLStreamWriter x, Assessment a, Section s) throws XMLStreamException {
    Map<Finding.Status, Integer> c = s.counts();
    int fail = c.get(Finding.Status.FAIL);
    int error = c.get(Finding.Status.ERROR);
    nl(x, 1);
    x.writeStartElement("testsuite");
    x.writeAttribute("name", Xml.xmlText(s.id()));
    x.writeAttribute("tests", Integer.toString(s.findings().size()));
    x.writeAttribute("failures", Integer.toString(fail));
    x.writeAttribute("errors", Integer.toString(error));
    x.writeAttribute("skipped", Integer.toString(s.findings().size() - c.get(Finding.Status.PASS) - fail - error));
    x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", a.elapsed().toNanos() / 1e9));
    x.writeAttribute("timestamp", a.startedAt().toString());
    x.writeAttribute("hostname", Xml.xmlText(a.host()));
    for (Finding f : s.findings()) {
      testcase(x, s, f);
    }
    nl(x, 1);
    x.writeEndElement();
  }

  private static void testcase(XMLStreamWriter x, Section s, Finding f) throws XMLStreamException {
    nl(x, 2);
    x.writeStartElement("testcase");
    x.writeAttribute("classname", Xml.xmlText(f.category().isEmpty() ? s.id() : f.category()));
    x.writeAttribute("name", Xml.xmlText(f.id()));
    x.writeAttribute("time", "0");
    String why = f.reasons().isEmpty() ? f.observed() : String.join("; ", f.reasons());
    switch (f.status()) {
      case PASS -> { }
      case FAIL -> outcome(x, "failure", f.title() + ": " + why, f.severity().id(), body(f));
      case ERROR -> outcome(x, "error", why, "error", body(f));
      default -> {
        nl(x, 3);
        x.writeEmptyElement("skipped");
        x.writeAttribute("message", Xml.xmlText(f.state() + ": " + why));
      }
    }
    if (f.status() != Finding.Status.PASS) {
      nl(x, 2);
    }
    x.writeEndElement();
  }

  private static void outcome(XMLStreamWriter x, String element, String message, String type, String body)
      throws XMLStreamException {
    nl(x, 3);
    x.writeStartElement(element);
    x.writeAttribute("message", Xml.xmlText(message));
    x.writeAttribute("type", type);
    x.writeCharacters(Xml.xmlText(body));
    x.writeEndElement();
  }

  /** The case's details: title, severity, expected and observed state, reasons, controls, remediation, evidence. */
  static String body(Finding f) {
    StringBuilder b = new StringBuilder("title: ").append(f.title()).append("\nseverity: ").append(f.severity().id());
    if (!f.expected().isEmpty()) {
      b.append("\nexpected: ").append(f.expected());
    }
    b.append("\nobserved: ").append(f.observed());
    f.reasons().forEach(r -> b.append("\nreason: ").append(r));
    b.append("\ncontrols: ").append(String.join(", ", f.controls()));
    if (!f.remediation().isEmpty()) {
      b.append("\nremediation: ").append(f.remediation());
    }
    f.evidence().forEach(e -> b.append("\nevidence: journal seq ").append(e.seq()).append(" hash ").append(e.hash()));
    return b.toString();
  }

  private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
    x.writeCharacters("\n" + "  ".repeat(depth));
  }
}
