package dev.pedigree.objects;

/**
 * What {@link ObjectStore#repack} did.
 *
 * @param packsRemoved how many old packs were deleted
 * @param objectsKept how many of their objects were carried over (or were already stored elsewhere)
 * @param objectsDropped how many were left out
 * @param bytesDropped the total size of the objects left out
 */
public record RepackResult(int packsRemoved, long objectsKept, long objectsDropped, long bytesDropped) {
}
