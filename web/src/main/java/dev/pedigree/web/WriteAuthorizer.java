package dev.pedigree.web;

import java.util.Optional;

/**
 * Decides who may move or roll back an alias through the web UI and API. The write endpoints
 * exist only when the embedding service supplies one of these; without it the UI is read-only.
 * The UI has already checked that the request is a same-origin POST carrying its CSRF token
 * before it asks.
 *
 * <pre>{@code
 * WriteAuthorizer admins = request -> request.principal().filter(Set.of("alice", "bob")::contains);
 * PedigreeWeb web = PedigreeWeb.builder(repo).authorizer(admins).build();
 * }</pre>
 */
@FunctionalInterface
public interface WriteAuthorizer {
  /**
   * Decides one write.
   *
   * @param request what is asked and by whom
   * @return the name of the person allowed to do it (kept in the alias log's reason), or empty
   *     to refuse with 403
   */
  Optional<String> authorize(WriteRequest request);
}
