package dev.pedigree.storage.gcs;

import com.google.cloud.BaseServiceException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;

/**
 * Reads the failures of the google-cloud-storage client: finds the HTTP status in a cause chain,
 * says whether a failed request certainly had no effect, and turns a failure into a Pedigree
 * {@link StorageException} whose message names no credential.
 */
final class GcsErrors {
  /** The client's code for a failure that has no HTTP status (an I/O error). */
  static final int NO_STATUS = BaseServiceException.UNKNOWN_CODE;

  private GcsErrors() {
  }

  /**
   * Returns the HTTP status of a client failure, looking through wrapping exceptions.
   *
   * @param failure what the client threw
   * @return the status, or {@link #NO_STATUS} when the failure carries none
   */
  static int status(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException service && service.getCode() != NO_STATUS) {
        return service.getCode();
      }
      if (t instanceof com.google.api.client.http.HttpResponseException response) {
        return response.getStatusCode();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return NO_STATUS;
  }

  /**
   * Returns whether a failed write certainly did not take effect: the service answered with a
   * status that rejects the request (a 4xx other than a timeout, a precondition or a rate
   * limit). A 5xx, an I/O error or a lost connection leave the outcome open, because the client
   * may have retried after an attempt that did reach the service.
   *
   * @param failure what the client threw
   * @return {@code true} if the request had no effect
   */
  static boolean rejected(Throwable failure) {
    int status = status(failure);
    return status >= 400 && status < 500 && status != 408 && status != 412 && status != 429;
  }

  /**
   * Returns whether the failure is the service saying the object or bucket does not exist.
   *
   * @param failure what the client threw
   * @return {@code true} for HTTP 404
   */
  static boolean notFound(Throwable failure) {
    return status(failure) == 404;
  }

  /**
   * Says in words why a request failed, without the service's raw text for authentication
   * failures.
   *
   * @param failure what the client threw
   * @return the "why" part of a message
   */
  static String why(Throwable failure) {
    int status = status(failure);
    switch (status) {
      case 401:
        return "the service rejected the credentials (HTTP 401)";
      case 403:
        return "access was denied (HTTP 403)";
      case 404:
        return "the bucket or object does not exist (HTTP 404)";
      case 412:
        return "a precondition did not hold (HTTP 412)";
      case 429:
        return "the request rate is too high (HTTP 429)";
      case NO_STATUS:
        return hasIo(failure)
            ? "the request got no answer (" + describeIo(failure) + ")"
            : "the client could not send the request (" + describeDeepest(failure) + ")";
      default:
        if (status >= 500) {
          return "the service failed (HTTP " + status + reasonOf(failure) + ")";
        }
        return "the service refused the request (HTTP " + status + reasonOf(failure) + ": " + serviceMessage(failure) + ")";
    }
  }

  /**
   * Says what to do about a failure.
   *
   * @param failure what the client threw
   * @param bucket the bucket, for the advice
   * @return the "what to do" part of a message
   */
  static String advice(Throwable failure, String bucket) {
    int status = status(failure);
    switch (status) {
      case 401:
        return "check the application-default credentials ('gcloud auth application-default login' or "
            + "GOOGLE_APPLICATION_CREDENTIALS)";
      case 403:
        return "grant the credentials' principal object access on bucket '" + bucket
            + "' (for example roles/storage.objectAdmin)";
      case 404:
        return "check that bucket '" + bucket + "' exists and the location names it";
      case 429:
        return "retry later or lower the parallelism";
      case NO_STATUS:
        return hasIo(failure) ? "check the network and the endpoint, then retry"
            : "check the credentials and the client's settings";
      default:
        return status >= 500 ? "retry later" : "check the key and the bucket's settings";
    }
  }

  /**
   * Says why a request failed and what to do, for the tail of a message.
   *
   * @param failure what the client threw
   * @param bucket the bucket, for the advice
   * @return "why; what to do"
   */
  static String explain(Throwable failure, String bucket) {
    return why(failure) + "; " + advice(failure, bucket);
  }

  /**
   * Builds the exception for a failed operation.
   *
   * @param action what was attempted, such as "read gs://b/k"
   * @param failure what the client threw
   * @param bucket the bucket, for the advice
   * @return the exception to throw
   */
  static StorageException failure(String action, Throwable failure, String bucket) {
    return new StorageException("Cannot " + action + ": " + explain(failure, bucket), failure);
  }

  private static String reasonOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException service && service.getReason() != null) {
        return ", " + service.getReason();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return "";
  }

  private static String serviceMessage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException && t.getMessage() != null) {
        return firstLine(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return firstLine(String.valueOf(failure.getMessage()));
  }

  private static boolean hasIo(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describeDeepest(Throwable failure) {
    Throwable deepest = failure;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    return deepest.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String describeIo(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        deepest = t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String message = deepest.getMessage();
    return deepest.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
