/**
 * A read-only web UI and JSON API over a Pedigree repository, for a service to mount in its own
 * JDK {@code HttpServer} under a path of its choice, or to serve standalone.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext("/pedigree", PedigreeWeb.readOnly(repo).handler());
 * server.start();   // UI at /pedigree/, API at /pedigree/api/, described by /pedigree/api/openapi.json
 * }</pre>
 *
 * <p>{@link dev.pedigree.web.PedigreeWeb} builds the handler, {@link dev.pedigree.web.WriteAuthorizer}
 * enables the alias-move and rollback endpoints, and {@link dev.pedigree.web.PedigreeWebServer}
 * runs the UI on its own.
 */
package dev.pedigree.web;
