package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param nextPageToken the token that fetches the next page, empty on the last
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
    InvalidRequestException.requireNonNull(nextPageToken, "nextPageToken");
  }
}
