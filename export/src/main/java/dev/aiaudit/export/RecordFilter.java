package dev.aiaudit.export;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import java.util.Set;

/**
 * Which records one exporter sends: OCSF classes, asset kinds (file events only; other classes pass), and a
 * minimum severity. Empty sets mean "all". Records a filter drops still advance the cursor.
 *
 * @param classUids OCSF class_uid values to send (empty: all)
 * @param assetKinds asset kinds of file events to send (empty: all)
 * @param minSeverityId lowest OCSF severity_id sent (0: all)
 */
public record RecordFilter(Set<Integer> classUids, Set<AssetKind> assetKinds, int minSeverityId) {

  public static final RecordFilter ALL = new RecordFilter(Set.of(), Set.of(), 0);

  public RecordFilter {
    classUids = Set.copyOf(classUids);
    assetKinds = Set.copyOf(assetKinds);
    if (minSeverityId < 0 || minSeverityId > 6) {
      throw new IllegalArgumentException("minimum severity must be 0..6: " + minSeverityId);
    }
  }

  public boolean accepts(Event e, int severityId) {
    if (!classUids.isEmpty() && !classUids.contains(e.classUid())) {
      return false;
    }
    if (!assetKinds.isEmpty() && e instanceof FileEvent f && !assetKinds.contains(f.asset())) {
      return false;
    }
    return severityId >= minSeverityId;
  }
}
