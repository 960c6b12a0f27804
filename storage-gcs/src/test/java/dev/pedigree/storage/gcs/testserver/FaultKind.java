package dev.pedigree.storage.gcs.testserver;

/** What the test server does instead of answering a request normally. */
public enum FaultKind {
  /** Reads the request, changes nothing, and closes the connection without an answer. */
  DROP_BEFORE_APPLY,
  /** Carries the request out in full, then closes the connection without an answer. */
  DROP_AFTER_APPLY,
  /** Changes nothing and answers 503 Service Unavailable. */
  UNAVAILABLE,
  /** Changes nothing and answers 403 Forbidden, as when the caller lacks a permission. */
  FORBIDDEN,
  /** Changes nothing and answers 401 Unauthorized, as when the credentials are not accepted. */
  UNAUTHENTICATED,
  /**
   * For a download: sends the headers and the first half of the content, then closes the
   * connection, as a network failing mid-transfer does.
   */
  CUT_BODY
}
