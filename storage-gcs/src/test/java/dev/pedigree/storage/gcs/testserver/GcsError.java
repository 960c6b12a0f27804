package dev.pedigree.storage.gcs.testserver;

/** A request the test server answers with a GCS JSON error body instead of a result. */
final class GcsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  GcsError(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  static GcsError notFound(String message) {
    return new GcsError(404, "notFound", message);
  }

  static GcsError badRequest(String message) {
    return new GcsError(400, "invalid", message);
  }

  static GcsError preconditionFailed() {
    return new GcsError(412, "conditionNotMet", "At least one of the preconditions given with the request did not hold.");
  }
}
