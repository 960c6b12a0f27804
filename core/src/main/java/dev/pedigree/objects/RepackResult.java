package dev.pedigree.objects;

import java.util.Objects;
import java.util.Set;

/**
 * What {@link ObjectStore#repack} or {@link ObjectStore#repackMostlyDead} did.
 *
 * @param packsRemoved how many old packs were deleted
 * @param objectsKept how many of their objects were carried over (or were already stored elsewhere)
 * @param dropped the objects left out: from the moment the method returns, no longer stored
 *     (unless stored loose or in another pack too)
 * @param bytesDropped the total size of the objects left out
 */
public record RepackResult(int packsRemoved, long objectsKept, Set<Digest> dropped, long bytesDropped) {
  /** Copies the set. */
  public RepackResult {
    dropped = Set.copyOf(Objects.requireNonNull(dropped, "dropped"));
  }
}
