package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.DiagnosticException;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
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

  /** Bytes per string constant: at most two bytes each in the class file's modified UTF-8, under its 65,535 limit. */
  private static final int CHUNK = 32_000;

  private ContentCompiler() {}

  /** The class file of {@link ContentSnapshotData} whose {@code chunks()} returns {@code snapshot} (see there). */
  static byte[] dataClass(byte[] snapshot) {
    ClassDesc self = ClassDesc.of(ContentSnapshotData.class.getName());
    int n = (snapshot.length + CHUNK - 1) / CHUNK;
    return ClassFile.of().build(self, cb -> cb
        .withFlags(AccessFlag.FINAL, AccessFlag.SUPER)
        .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PRIVATE, code -> code
            .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_())
        .withMethodBody("chunks", MethodTypeDesc.of(ConstantDescs.CD_String.arrayType()), ClassFile.ACC_STATIC, code -> {
          code.loadConstant(n).anewarray(ConstantDescs.CD_String);
          for (int i = 0; i < n; i++) {
            int from = i * CHUNK;
            String chunk = new String(snapshot, from, Math.min(CHUNK, snapshot.length - from), StandardCharsets.ISO_8859_1);
            code.dup().loadConstant(i).loadConstant(chunk).aastore();
          }
          code.areturn();
        }));
  }

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
    byte[] bytes = ContentSnapshot.write(content);
    Files.write(snapshot, bytes);
    Files.write(out.resolve(ContentSnapshotData.class.getName().replace('.', '/') + ".class"), dataClass(bytes));
    for (String name : ContentLoader.bundledFiles()) {
      Path target = out.resolve(COMPILED_PREFIX + name + ".json");
      Files.createDirectories(target.getParent());
      Files.writeString(target, ContentLoader.parseYaml(name, ContentLoader.resource(name)).root().toString(), StandardCharsets.UTF_8);
    }
    System.out.println("scan content: " + content.checks().size() + " checks, " + content.profiles().size()
        + " profiles validated and compiled to " + out.resolve(COMPILED_PREFIX));
  }
}
