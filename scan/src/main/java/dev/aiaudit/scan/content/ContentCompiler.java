package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.DiagnosticException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (Maven {@code process-classes}): validates the bundled content against its JSON Schemas, with every
 * issue reported as {@code ERROR: file:line:col}, and stores each YAML file as compact JSON under
 * {@code scan/compiled/} in the class output, which the run-time loader parses several times faster, plus a binary
 * snapshot of the loaded content ({@link ContentSnapshot}) that a scan reads instead of parsing anything.
 * Usage: {@code ContentCompiler <classes-dir>}.
 */
public final class ContentCompiler {
  static final String COMPILED_PREFIX = "scan/compiled/";

  private ContentCompiler() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ContentCompiler <classes-dir>");
    }
    Path out = Path.of(args[0]);
    for (String name : ContentLoader.bundledFiles()) {
      Files.deleteIfExists(out.resolve(COMPILED_PREFIX + name + ".json"));
    }
    Files.deleteIfExists(out.resolve(ContentSnapshot.RESOURCE));
    Content content = ContentLoader.loadBuiltin(true); // throws DiagnosticException listing every issue
    Path snapshot = out.resolve(ContentSnapshot.RESOURCE);
    Files.createDirectories(snapshot.getParent());
    Files.write(snapshot, ContentSnapshot.write(content));
    for (String name : ContentLoader.bundledFiles()) {
      Path target = out.resolve(COMPILED_PREFIX + name + ".json");
      Files.createDirectories(target.getParent());
      Files.writeString(target, ContentLoader.parseYaml(name, ContentLoader.resource(name)).root().toString(), StandardCharsets.UTF_8);
    }
    System.out.println("scan content: " + content.checks().size() + " checks, " + content.profiles().size()
        + " profiles validated and compiled to " + out.resolve(COMPILED_PREFIX));
  }
}
