package dev.aiaudit.policy.inventory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code ai-audit.io/...} label and annotation keys read from Kubernetes objects. Any key with the
 * {@link #PREFIX} marks a workload as an AI deployment, GPU or not.
 */
public final class Annotations {

  public static final String PREFIX = "ai-audit.io/";
  /** Label or annotation {@code "true"}: an AI workload even without an accelerator. */
  public static final String AI_WORKLOAD = PREFIX + "ai-workload";
  public static final String MODEL_NAME = PREFIX + "model-name";
  public static final String MODEL_VERSION = PREFIX + "model-version";
  public static final String MODEL_DIGEST = PREFIX + "model-digest";
  /** URL or path (relative to the manifest's directory) of a HF README or CycloneDX ML-BOM. */
  public static final String MODEL_CARD = PREFIX + "model-card";
  /** Path of the weights inside the container; used to match host observations. */
  public static final String MODEL_PATH = PREFIX + "model-path";
  public static final String RISK_CLASS = PREFIX + "risk-class";
  public static final String INTENDED_PURPOSE = PREFIX + "intended-purpose";
  public static final String OVERSIGHT_CONTACT = PREFIX + "oversight-contact";
  public static final String DATA_PROVENANCE = PREFIX + "data-provenance";
  public static final String GENERATIVE = PREFIX + "generative";
  public static final String CONTENT_LABELLING = PREFIX + "content-labelling";
  public static final String REGISTRATION_ID = PREFIX + "registration-id";
  public static final String INSTRUCTIONS_FOR_USE = PREFIX + "instructions-for-use";

  public static final List<String> RISK_CLASSES =
      List.of("unacceptable", "high", "limited", "minimal", "gpai", "gpai-systemic");
  public static final List<String> CONTENT_LABELLING_METHODS =
      List.of("c2pa", "watermark", "metadata", "none");

  /** Annotation key to the field of the item's {@code ai} block, for the plain string fields. */
  static final List<String[]> AI_STRING_FIELDS =
      List.of(
          new String[] {RISK_CLASS, "riskClass"},
          new String[] {INTENDED_PURPOSE, "intendedPurpose"},
          new String[] {OVERSIGHT_CONTACT, "oversightContact"},
          new String[] {DATA_PROVENANCE, "dataProvenance"},
          new String[] {CONTENT_LABELLING, "contentLabelling"},
          new String[] {REGISTRATION_ID, "registrationId"},
          new String[] {INSTRUCTIONS_FOR_USE, "instructionsForUse"});

  private Annotations() {}

  /** {@code yes/true/1/on} is true, {@code no/false/0/off} false, anything else empty. */
  public static Optional<Boolean> parseBoolean(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "on", "y" -> Optional.of(true);
      case "no", "false", "0", "off", "n" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
