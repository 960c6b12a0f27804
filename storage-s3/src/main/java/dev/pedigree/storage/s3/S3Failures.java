package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads what an SDK failure means for us: which HTTP status it carried, whether the request may
 * have reached the service, and the message a caller sees. Messages name the operation, the key
 * and the store, the S3 error code and what to check; they never carry credentials (the SDK's
 * own messages, kept as the cause, do not either).
 */
final class S3Failures {
  private S3Failures() {
  }

  /** Returns the HTTP status of a service error, or -1 for a client-side failure. */
  static int status(Throwable failure) {
    return failure instanceof AwsServiceException service ? service.statusCode() : -1;
  }

  /** Returns the S3 error code of a service error ({@code NoSuchKey}...), or {@code null}. */
  static String code(Throwable failure) {
    if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  /** Returns how many attempts the SDK made for the failed call (1 when it does not say). */
  static int attempts(SdkException failure) {
    Integer attempts = failure.numAttempts();
    return attempts == null || attempts < 1 ? 1 : attempts;
  }

  static boolean isPreconditionFailed(Throwable failure) {
    return status(failure) == 412;
  }

  static boolean isConflict(Throwable failure) {
    return status(failure) == 409;
  }

  static boolean isNotFound(Throwable failure) {
    return status(failure) == 404;
  }

  /**
   * Returns whether a conditional write that failed this way is worth sending again: a
   * conflicting concurrent write (409), throttling, a 5xx answer, a request the server timed
   * out waiting for, an I/O error or a timeout. Not a refusal (other 4xx), not a failure of our
   * own content source, not a client misconfiguration (such as missing credentials).
   */
  static boolean retryable(SdkException failure) {
    if (sourceFailure(failure) != null) {
      return false;
    }
    int status = status(failure);
    if (status > 0) {
      String code = code(failure);
      return status == 409 || status == 429 || status >= 500 || "SlowDown".equals(code)
          || "RequestTimeout".equals(code);
    }
    return failure instanceof ApiCallAttemptTimeoutException || failure instanceof ApiCallTimeoutException
        || hasCause(failure, IOException.class);
  }

  /**
   * Returns whether a failed write may have taken effect. A service answer in the 4xx range is
   * a refusal: nothing was written. A failure inside our own content source happened before the
   * body was complete, so the service cannot have stored it. A connection that was never made
   * sent nothing. Everything else — timeouts, connections reset mid-request, 5xx answers (the
   * service may have stored the object before failing) — may have taken effect. When the SDK
   * retried, an earlier attempt may have been any of these, so only a single attempt is
   * trusted to have had no effect.
   */
  static boolean mayHaveTakenEffect(SdkException failure) {
    if (attempts(failure) > 1) {
      return true;
    }
    int status = status(failure);
    if (status >= 400 && status < 500) {
      return false;
    }
    if (status >= 500) {
      return true;
    }
    if (hasCause(failure, SourceFailure.class)) {
      return false;
    }
    if (hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
        || hasCause(failure, NoRouteToHostException.class)) {
      return false;
    }
    return failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
        || failure instanceof AbortedException || hasCause(failure, IOException.class);
  }

  /** Returns whether the failure, or one of its causes, is of the given type. */
  static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Returns our own content-source failure inside an SDK failure, if there is one. */
  static SourceFailure sourceFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SourceFailure source) {
        return source;
      }
    }
    return null;
  }

  /**
   * Maps a failed call to the exception a caller sees.
   *
   * @param doing what was being done, such as "read key 'refs/x'"
   * @param location the store, for the message
   * @param key the key (for {@link BlobNotFoundException}), or {@code null}
   * @param failure the SDK failure
   */
  static StorageException map(String doing, String location, String key, SdkException failure) {
    SourceFailure source = sourceFailure(failure);
    if (source != null) {
      return new StorageException("Cannot " + doing + " in " + location + ": reading its content failed: "
          + source.getMessage() + "; make sure the content can be read and does not change while it is written",
          failure);
    }
    int status = status(failure);
    String code = code(failure);
    String what = status > 0 ? "S3 answered HTTP " + status + (code == null ? "" : " " + code) : describe(failure);
    if (key != null && status == 404 && !"NoSuchBucket".equals(code)) {
      BlobNotFoundException notFound = new BlobNotFoundException(key, location);
      notFound.initCause(failure);
      return notFound;
    }
    return new StorageException("Cannot " + doing + " in " + location + ": " + what + "; " + advice(status, code),
        failure);
  }

  /** Describes a client-side failure without the SDK's long message. */
  static String describe(Throwable failure) {
    if (hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
        || hasCause(failure, NoRouteToHostException.class)) {
      return "the endpoint could not be reached (" + rootMessage(failure) + ")";
    }
    if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
        || hasCause(failure, InterruptedIOException.class)) {
      return "the request timed out (" + rootMessage(failure) + ")";
    }
    if (hasCause(failure, IOException.class)) {
      return "the connection failed (" + rootMessage(failure) + ")";
    }
    return "the S3 client failed (" + rootMessage(failure) + ")";
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static String advice(int status, String code) {
    if (status == 409) {
      return "concurrent conditional writes to the same key kept conflicting; try again";
    }
    if (status == 401 || status == 403) {
      return "check the credentials (the SDK default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
          + "AWS_PROFILE or the 'profile' option, instance roles), that they allow this operation on the bucket "
          + "(S3 also answers 403 for a missing key when s3:ListBucket is not granted), and the region and clock";
    }
    if ("NoSuchBucket".equals(code)) {
      return "check the bucket name, the region and the endpoint, or create the bucket";
    }
    if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
      return "the bucket is in another region: set the 'region' option or AWS_REGION to the bucket's region";
    }
    if (status == 501) {
      return "the server does not implement this request; check that it supports conditional writes "
          + "(If-None-Match) and multipart uploads";
    }
    if (status >= 500 || status == 429) {
      return "the service is unavailable or throttling; try again later";
    }
    if (status < 0) {
      return "check the endpoint, the network and the credentials configuration";
    }
    return "check the request and the server's documentation for this error";
  }
}
