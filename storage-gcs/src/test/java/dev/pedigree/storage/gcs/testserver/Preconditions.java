package dev.pedigree.storage.gcs.testserver;

import java.util.Map;

/**
 * The generation preconditions of a request, as GCS reads them from the query: a write or
 * delete whose precondition fails is refused with 412; {@code ifGenerationMatch=0} means the
 * object must not exist.
 */
record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {
  static final Preconditions NONE = new Preconditions(null, null, null, null);

  static Preconditions from(Map<String, String> query) {
    return new Preconditions(number(query, "ifGenerationMatch"), number(query, "ifGenerationNotMatch"),
        number(query, "ifMetagenerationMatch"), number(query, "ifMetagenerationNotMatch"));
  }

  /** Checks a write or delete against the object's current live generation ({@code null}: none). */
  void checkWrite(StoredObject current) {
    if (!matchesHold(current) || !notMatchesHold(current)) {
      throw GcsError.preconditionFailed();
    }
  }

  /** Checks a read: a failed match is 412, a failed not-match is 304 Not Modified, as GCS answers. */
  void checkRead(StoredObject current) {
    if (!matchesHold(current)) {
      throw GcsError.preconditionFailed();
    }
    if (!notMatchesHold(current)) {
      throw new GcsError(304, "notModified", "Not modified");
    }
  }

  private boolean matchesHold(StoredObject current) {
    if (ifGenerationMatch != null) {
      long actual = current == null ? 0 : current.generation();
      if (actual != ifGenerationMatch) {
        return false;
      }
    }
    if (ifMetagenerationMatch != null && (current == null || current.metageneration() != ifMetagenerationMatch)) {
      return false;
    }
    return true;
  }

  private boolean notMatchesHold(StoredObject current) {
    if (ifGenerationNotMatch != null) {
      long actual = current == null ? 0 : current.generation();
      if (actual == ifGenerationNotMatch) {
        return false;
      }
    }
    if (ifMetagenerationNotMatch != null && current != null && current.metageneration() == ifMetagenerationNotMatch) {
      return false;
    }
    return true;
  }

  private static Long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw GcsError.badRequest("Invalid value for " + name + ": '" + value + "'");
    }
  }
}
