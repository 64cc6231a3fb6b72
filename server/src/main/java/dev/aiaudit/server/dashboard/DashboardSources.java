package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.Event;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Everything the dashboard reads from and writes to, handed in by the cli's wiring (the server imports no sibling
 * that runs the agent).
 *
 * @param host the host this process runs on
 * @param records the index and journal records
 * @param classUid maps a record class name as {@code query --class} takes it ({@code file}, {@code alert},
 *     {@code gpu} once that class exists) to its OCSF class_uid; throws {@link IllegalArgumentException} for a
 *     name this build does not know
 * @param journal appends a record to the journal (acknowledgements); {@code null} when this server may not write
 * @param scans host scans (history and trigger)
 * @param verify verifies the journal now
 */
public record DashboardSources(
    String host,
    RecordSource records,
    ToIntFunction<String> classUid,
    Consumer<Event> journal,
    ScanService scans,
    Supplier<VerifyStatus> verify) {

  public DashboardSources {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(classUid, "classUid");
    Objects.requireNonNull(scans, "scans");
    Objects.requireNonNull(verify, "verify");
  }
}
