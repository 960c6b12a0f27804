package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in ascending lexicographic key order.
 *
 * @param entries the keys of this page with their sizes
 * @param nextStartAfter the key to pass as {@code startAfter} for the next page, or empty when
 *     this is the last page
 */
public record BlobPage(List<BlobInfo> entries, Optional<BlobKey> nextStartAfter) {
  /** Copies the entries defensively. */
  public BlobPage {
    entries = List.copyOf(entries);
    InvalidRequestException.requireNonNull(nextStartAfter, "nextStartAfter");
  }

  /**
   * Returns whether more pages follow.
   *
   * @return {@code true} when {@link #nextStartAfter()} is present
   */
  public boolean hasMore() {
    return nextStartAfter.isPresent();
  }
}
