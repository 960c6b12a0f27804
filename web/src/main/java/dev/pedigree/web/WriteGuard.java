package dev.pedigree.web;

import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lets a write through only when the embedding service enabled writes, the request is a POST
 * from a page of this very origin (Origin or Referer, and Sec-Fetch-Site when the browser
 * sends it), it carries this UI's CSRF token in the {@value #TOKEN_HEADER} header (a header no
 * cross-site form can set), its body is JSON, and the service's authorizer names who asks.
 */
final class WriteGuard {
  static final String TOKEN_HEADER = "X-Pedigree-Csrf";
  private final Optional<WriteAuthorizer> authorizer;
  private final String token;

  WriteGuard(Optional<WriteAuthorizer> authorizer, String token) {
    this.authorizer = authorizer;
    this.token = token;
  }

  boolean enabled() {
    return authorizer.isPresent();
  }

  String token() {
    return token;
  }

  /** Checks a write and returns the name of whoever the authorizer allowed. */
  String admit(Request request, String action, String artifact, String alias, OptionalInt version, String reason) {
    if (authorizer.isEmpty()) {
      throw new HttpError(404, "Cannot " + action + " " + artifact + "@" + alias + ": this UI is read-only; the"
          + " embedding service enables writes by giving PedigreeWeb an authorizer");
    }
    if (!"POST".equals(request.method())) {
      throw new HttpError(405, "Cannot " + action + " with " + request.method() + ": writes are POST requests");
    }
    var headers = request.exchange().getRequestHeaders();
    String host = headers.getFirst("Host");
    if (host == null || host.isBlank()) {
      throw new HttpError(403, "Cannot " + action + ": the request has no Host header; send it from the UI's own page");
    }
    String origin = (request.exchange() instanceof HttpsExchange ? "https://" : "http://") + host;
    String fetchSite = headers.getFirst("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin")) {
      throw new HttpError(403, "Cannot " + action + ": the request came from another site (" + fetchSite + ");"
          + " writes are accepted from the UI's own pages only");
    }
    String sentOrigin = headers.getFirst("Origin");
    String referer = headers.getFirst("Referer");
    boolean sameOrigin = sentOrigin != null ? sentOrigin.equals(origin)
        : referer != null && (referer.equals(origin) || referer.startsWith(origin + "/"));
    if (!sameOrigin) {
      throw new HttpError(403, "Cannot " + action + ": the request's origin is not " + origin + "; writes are"
          + " accepted from the UI's own pages only");
    }
    String sentToken = headers.getFirst(TOKEN_HEADER);
    if (sentToken == null || !MessageDigest.isEqual(sentToken.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      throw new HttpError(403, "Cannot " + action + ": the " + TOKEN_HEADER + " header is missing or wrong; reload"
          + " the page and try again");
    }
    String contentType = headers.getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new HttpError(415, "Cannot " + action + ": the body must be application/json");
    }
    Map<String, List<String>> copy = new HashMap<>();
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    HttpPrincipal principal = request.exchange().getPrincipal();
    WriteRequest asked = new WriteRequest(action, artifact, alias, version, reason,
        Optional.ofNullable(principal).map(HttpPrincipal::getUsername), copy);
    return authorizer.get().authorize(asked).orElseThrow(() -> new HttpError(403, "Cannot " + action + " "
        + artifact + "@" + alias + ": the service's authorizer refused this request"));
  }
}
