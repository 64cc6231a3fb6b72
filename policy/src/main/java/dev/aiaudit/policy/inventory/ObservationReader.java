package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.InputFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link HostObservation}s from a JSON-lines file, one object per line with the record's field names
 * ({@code time} as ISO-8601 or epoch nanoseconds). Bad lines become issues; the others are kept.
 */
public final class ObservationReader {

  /** Observations read and issues met. */
  public record Result(List<HostObservation> observations, List<Diagnostic> issues) {}

  /** Limit on one observations file. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private ObservationReader() {}

  public static Result read(Path file) throws IOException {
    List<HostObservation> out = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    List<String> lines;
    try {
      lines = InputFiles.readString(file, MAX_FILE_BYTES).lines().toList();
    } catch (InputFiles.InputFileException e) {
      issues.add(Diagnostic.error("IO", file.toString(), 1, 1, "cannot read file: " + e.problem()));
      return new Result(List.of(), List.copyOf(issues));
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(Json.MAPPER.readTree(line)));
      } catch (JsonProcessingException e) {
        int col = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
        issues.add(Diagnostic.error("OBSERVATION_JSON", file.toString(), i + 1, col,
            "malformed observation: " + e.getOriginalMessage().lines().findFirst().orElse("")).withSource(line));
      } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
        issues.add(Diagnostic.error("OBSERVATION_FIELD", file.toString(), i + 1, 1,
            "bad observation: " + e.getMessage()));
      }
    }
    return new Result(List.copyOf(out), List.copyOf(issues));
  }

  static HostObservation parse(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("line is not a JSON object");
    }
    return new HostObservation(
        n.path("pid").asLong(-1), required(n, "exe"), n.path("uid").asLong(-1),
        Json.text(n, "containerId"), Json.text(n, "podUid"), Json.text(n, "podName"),
        Json.text(n, "namespace"), required(n, "path"), required(n, "assetKind"), time(n.path("time")),
        n.path("seq").asLong(-1), Json.text(n, "hash"));
  }

  private static String required(JsonNode n, String field) {
    String v = Json.text(n, field);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return v;
  }

  private static Instant time(JsonNode t) {
    if (t.isNumber()) {
      long ns = t.asLong();
      return Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
    }
    if (!t.isTextual()) {
      throw new IllegalArgumentException("missing field 'time'");
    }
    return Instant.parse(t.asText());
  }
}
