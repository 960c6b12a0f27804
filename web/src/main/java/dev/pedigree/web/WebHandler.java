package dev.pedigree.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pedigree.Repository;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request to a page, the API or a bundled asset, and writes the answer with headers
 * that keep the browser from running anything but our own bundled script.
 */
final class WebHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebHandler.class);
  /** Our own script and stylesheet only; no inline script, no other origin, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> ASSETS = Map.of(
      "pedigree.css", "text/css; charset=utf-8",
      "pedigree.js", "text/javascript; charset=utf-8");

  private final Pages pages;
  private final Api api;

  WebHandler(Repository repository, Optional<WriteAuthorizer> authorizer, String title, String csrfToken) {
    WriteGuard guard = new WriteGuard(authorizer, csrfToken);
    this.pages = new Pages(repository, title, guard);
    this.api = new Api(repository, guard);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = Request.of(exchange);
      boolean apiCall = "api".equals(request.segment(0));
      Response response;
      try {
        response = route(request, apiCall);
      } catch (HttpError e) {
        response = error(request, apiCall, e.status(), e.getMessage());
      } catch (ArtifactNotFoundException e) {
        response = error(request, apiCall, 404, e.getMessage());
      } catch (InvalidNameException | InvalidRequestException e) {
        response = error(request, apiCall, 400, e.getMessage());
      } catch (RefConflictException | RollbackUnavailableException e) {
        response = error(request, apiCall, 409, e.getMessage());
      } catch (PedigreeException e) {
        LOG.warn("Cannot answer {} {}", request.method(), exchange.getRequestURI().getRawPath(), e);
        response = error(request, apiCall, 500, "Cannot answer this request: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Cannot answer {} {}", request.method(), exchange.getRequestURI().getRawPath(), e);
        response = error(request, apiCall, 500, "Cannot answer this request: an unexpected error, logged on the server;"
            + " try again or report it");
      }
      write(exchange, response);
    }
  }

  private Response route(Request request, boolean apiCall) throws IOException {
    String method = request.method();
    if ("assets".equals(request.segment(0))) {
      return asset(request);
    }
    if (apiCall) {
      return api.handle(request);
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      throw new HttpError(405, "Cannot " + method + " a page: pages are read with GET");
    }
    return pages.handle(request);
  }

  private static Response asset(Request request) throws IOException {
    String name = request.segment(1);
    String type = name == null || request.size() != 2 ? null : ASSETS.get(name);
    if (type == null) {
      throw new HttpError(404, "Cannot find asset '" + request.segments() + "'; the UI bundles pedigree.css and pedigree.js");
    }
    try (InputStream in = WebHandler.class.getResourceAsStream("assets/" + name)) {
      if (in == null) {
        throw new HttpError(500, "Cannot find the bundled asset " + name + "; the pedigree-web jar is incomplete");
      }
      return new Response(200, type, in.readAllBytes());
    }
  }

  private Response error(Request request, boolean apiCall, int status, String message) {
    if (apiCall) {
      ObjectNode node = JsonViews.object();
      node.put("status", status);
      node.put("error", message == null ? "" : message);
      return Response.json(status, node);
    }
    return Response.html(status, pages.errorPage(request, status, message == null ? "" : message));
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length == 0 ? -1 : response.body().length);
    if (!head && response.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }
}
