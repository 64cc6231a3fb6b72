package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.InputFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the policy engine's input files (definitions, initiatives, attestations, exemptions, evidence,
 * inventory JSON) with a size limit: a device, a FIFO, a directory where a file is expected or a file over
 * the limit is a {@code POL003} issue naming the file, before anything large is allocated.
 */
public final class PolicyFiles {

  /** Limit on one definition, initiative, waiver or evidence file. */
  public static final long MAX_CONTENT_BYTES = InputFiles.DEFAULT_MAX_BYTES;
  /** Limit on one inventory JSON file (it may list many items). */
  public static final long MAX_INVENTORY_BYTES = 64L * 1024 * 1024;

  private PolicyFiles() {}

  public static byte[] read(Path file, long maxBytes) throws PolicyLoadException {
    try {
      return InputFiles.readBytes(file, maxBytes);
    } catch (InputFiles.InputFileException e) {
      throw new PolicyLoadException(List.of(issue(file, e)));
    }
  }

  static Diagnostic issue(Path file, InputFiles.InputFileException e) {
    return PolicyLoadException.issue("POL003", file.toString(), "", 0, 0, "cannot read: " + e.problem(), "");
  }
}
