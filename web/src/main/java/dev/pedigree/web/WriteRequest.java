package dev.pedigree.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A write asked through the web UI or API, as shown to a {@link WriteAuthorizer}.
 *
 * @param action {@code "move"} or {@code "rollback"}
 * @param artifact the artifact
 * @param alias the alias
 * @param version the version to move to ({@code move} only)
 * @param reason the reason given
 * @param principal the user name the server's authenticator established
 *     ({@code HttpExchange.getPrincipal().getUsername()}), if any
 * @param headers the request headers, names in lower case
 */
public record WriteRequest(String action, String artifact, String alias, OptionalInt version, String reason,
    Optional<String> principal, Map<String, List<String>> headers) {
  /** Validates and copies the fields. */
  public WriteRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(principal, "principal");
    headers = Map.copyOf(headers);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return its first value, if sent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
