package dev.aiaudit.store.pg;

/**
 * The newest record the fleet store holds for a host.
 *
 * @param seq its seq (0: none yet)
 * @param hash its chain hash (64 zeros: none yet)
 * @param records how many records of the host are stored
 */
public record HostHead(long seq, String hash, long records) {
  public static final HostHead EMPTY = new HostHead(0, "0".repeat(64), 0);
}
