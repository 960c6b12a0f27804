package dev.pedigree.storage.gcs.testserver;

import java.util.Map;

/**
 * One request the test server received, as it understood it.
 *
 * @param method the HTTP method
 * @param operation what the request asked for
 * @param objectName the object it was about, or {@code null}
 * @param query the decoded query parameters
 * @param contentRange the {@code Content-Range} header of a resumable PUT, or {@code null}
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param bodyBytes how many bytes of request body the server read
 * @param status the status it answered, or 0 when it dropped the connection
 */
public record RecordedRequest(String method, Operation operation, String objectName, Map<String, String> query,
    String contentRange, String authorization, long bodyBytes, int status) {
  /** Copies the query. */
  public RecordedRequest {
    query = Map.copyOf(query);
  }
}
