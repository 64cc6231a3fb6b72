package dev.aiaudit.policy.inventory;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the test resources under {@code inventory/}. */
final class Fixtures {

  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/inventory/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Inventory realistic() {
    return InventoryBuilder.create()
        .manifests(java.util.List.of(resource("manifests")))
        .modelCards(resource("cards"))
        .build();
  }
}
