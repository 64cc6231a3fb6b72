package dev.aiaudit.export.otlp;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The attributes of one log record. OpenTelemetry semantic-convention names where one fits ({@code file.path},
 * {@code process.pid}, {@code process.executable.path}, {@code user.id}, {@code user.name}, {@code container.id},
 * {@code k8s.pod.uid}), {@code ocsf.*} for the OCSF class, activity and severity, {@code aiaudit.*} for the
 * journal position (seq, hash, prev_hash) and the asset kind.
 */
public final class OtlpAttributes {
  public static final AttributeKey<Long> CLASS_UID = AttributeKey.longKey("ocsf.class_uid");
  public static final AttributeKey<Long> ACTIVITY_ID = AttributeKey.longKey("ocsf.activity_id");
  public static final AttributeKey<Long> SEVERITY_ID = AttributeKey.longKey("ocsf.severity_id");
  public static final AttributeKey<Long> SEQ = AttributeKey.longKey("aiaudit.seq");
  public static final AttributeKey<String> HASH = AttributeKey.stringKey("aiaudit.hash");
  public static final AttributeKey<String> PREV_HASH = AttributeKey.stringKey("aiaudit.prev_hash");
  public static final AttributeKey<String> ASSET_KIND = AttributeKey.stringKey("aiaudit.asset_kind");
  public static final AttributeKey<String> ACTIVITY = AttributeKey.stringKey("aiaudit.activity");
  public static final AttributeKey<String> FILE_PATH = AttributeKey.stringKey("file.path");
  public static final AttributeKey<Long> PID = AttributeKey.longKey("process.pid");
  public static final AttributeKey<String> EXE = AttributeKey.stringKey("process.executable.path");
  public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
  public static final AttributeKey<String> USER_NAME = AttributeKey.stringKey("user.name");
  public static final AttributeKey<String> CONTAINER = AttributeKey.stringKey("container.id");
  public static final AttributeKey<String> POD = AttributeKey.stringKey("k8s.pod.uid");

  private OtlpAttributes() {}

  static Attributes of(ExportRecord r) {
    AttributesBuilder b = Attributes.builder()
        .put(CLASS_UID, r.event().classUid())
        .put(SEVERITY_ID, r.severityId())
        .put(SEQ, r.seq())
        .put(HASH, r.hash())
        .put(PREV_HASH, r.prevHash());
    switch (r.event()) {
      case FileEvent f -> {
        ProcessInfo p = f.process();
        b.put(ACTIVITY_ID, f.activity().activityId()).put(ACTIVITY, f.activity().id()).put(ASSET_KIND, f.asset().id())
            .put(FILE_PATH, f.path()).put(PID, p.pid());
        putIfSet(b, EXE, p.exe());
        if (p.uid() >= 0) {
          b.put(USER_ID, Integer.toString(p.uid()));
        }
        putIfSet(b, USER_NAME, p.user());
        putIfSet(b, CONTAINER, p.containerId());
        putIfSet(b, POD, p.podUid());
      }
      case SensorEvent s -> b.put(ACTIVITY, s.kind().id());
      case FindingEvent f -> b.put(ACTIVITY, f.previousState() + "->" + f.state());
      default -> { }
    }
    return b.build();
  }

  private static void putIfSet(AttributesBuilder b, AttributeKey<String> k, String v) {
    if (v != null) {
      b.put(k, v);
    }
  }
}
