package dev.pedigree.web;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import dev.pedigree.exceptions.InvalidRequestException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The web UI and JSON API over one repository, as a handler for the JDK's
 * {@link HttpServer} (and {@code HttpsServer}). Mount it under any path: every link it writes is
 * relative to the context it is mounted on.
 *
 * <pre>{@code
 * PedigreeWeb web = PedigreeWeb.builder(repo)
 *     .authorizer(request -> request.principal())   // enables alias move and rollback; omit for read-only
 *     .build();
 * HttpContext context = web.mount(server, "/pedigree");
 * context.setAuthenticator(myAuthenticator);        // the service's own login, seen as request.principal()
 * }</pre>
 *
 * <p>Pages: {@code /} (artifacts), {@code /artifacts/NAME} (versions, metric chart),
 * {@code /artifacts/NAME/aliases} (alias timelines), {@code /versions/NAME/N} (one version),
 * {@code /versions/NAME/N/lineage}, {@code /runs/ID}, {@code /verdicts}, {@code /verdicts/SEQ},
 * {@code /audit}, {@code /integrity}. The API is under {@code /api}, described by
 * {@code /api/openapi.json}.
 */
public final class PedigreeWeb {
  private final Repository repository;
  private final Optional<WriteAuthorizer> authorizer;
  private final String title;
  private final String csrfToken;

  private PedigreeWeb(Builder builder) {
    this.repository = builder.repository;
    this.authorizer = Optional.ofNullable(builder.authorizer);
    this.title = builder.title == null ? "Pedigree" : builder.title;
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    this.csrfToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /**
   * Returns a read-only UI over a repository: no endpoint can change it.
   *
   * @param repository the repository to show; the caller keeps it open while the UI serves
   * @return the UI
   */
  public static PedigreeWeb readOnly(Repository repository) {
    return builder(repository).build();
  }

  /**
   * Starts configuring a UI over a repository.
   *
   * @param repository the repository to show; the caller keeps it open while the UI serves
   * @return a builder
   */
  public static Builder builder(Repository repository) {
    return new Builder(Objects.requireNonNull(repository, "repository"));
  }

  /**
   * Returns the handler serving the UI and the API; mount it with
   * {@code server.createContext(path, handler)}. One handler may serve many threads.
   *
   * @return the handler
   */
  public HttpHandler handler() {
    return new WebHandler(repository, authorizer, title, csrfToken);
  }

  /**
   * Mounts the UI on a server under a path.
   *
   * @param server the service's server
   * @param path where to mount it, such as {@code "/pedigree"} or {@code "/"}
   * @return the context created, for the service to add its authenticator or filters
   */
  public HttpContext mount(HttpServer server, String path) {
    Objects.requireNonNull(server, "server");
    if (path == null || !path.startsWith("/")) {
      throw new InvalidRequestException("Cannot mount the Pedigree UI at '" + path + "': a mount path starts with '/';"
          + " use \"/\" or a path such as \"/pedigree\"");
    }
    return server.createContext(path, handler());
  }

  /**
   * Tells whether the alias-move and rollback endpoints exist.
   *
   * @return true when an authorizer was supplied
   */
  public boolean writable() {
    return authorizer.isPresent();
  }

  /** Configures a {@link PedigreeWeb}; each setting may be given once. */
  public static final class Builder {
    private final Repository repository;
    private WriteAuthorizer authorizer;
    private String title;

    private Builder(Repository repository) {
      this.repository = repository;
    }

    /**
     * Enables the write endpoints (alias move and rollback), each request decided by the
     * authorizer after the UI's own same-origin and CSRF checks.
     *
     * @param value who may write
     * @return this builder
     */
    public Builder authorizer(WriteAuthorizer value) {
      if (authorizer != null) {
        throw new InvalidRequestException("Cannot set the authorizer twice; give one WriteAuthorizer that combines both");
      }
      authorizer = Objects.requireNonNull(value, "authorizer");
      return this;
    }

    /**
     * Sets the name shown in the page header (default {@code "Pedigree"}).
     *
     * @param value the title
     * @return this builder
     */
    public Builder title(String value) {
      if (title != null) {
        throw new InvalidRequestException("Cannot set the title twice; keep one call to title()");
      }
      title = Objects.requireNonNull(value, "title");
      return this;
    }

    /**
     * Builds the UI.
     *
     * @return the UI
     */
    public PedigreeWeb build() {
      return new PedigreeWeb(this);
    }
  }
}
