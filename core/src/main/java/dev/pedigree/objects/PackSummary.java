package dev.pedigree.objects;

import java.util.Objects;

/**
 * One pack of small objects, as {@link ObjectStore#packs()} lists them for garbage collection.
 *
 * @param name the pack's name: the SHA-256 of its bytes
 * @param objects how many objects it holds
 * @param objectBytes the total size of those objects
 */
public record PackSummary(Digest name, int objects, long objectBytes) {
  /** Checks for null. */
  public PackSummary {
    Objects.requireNonNull(name, "name");
  }
}
