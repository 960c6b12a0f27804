package dev.pedigree.web;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the pages and the API see it: the path below the mount point split into
 * decoded segments, the query's first values, and the mount point for building links.
 */
record Request(HttpExchange exchange, String method, String base, List<String> segments, Map<String, String> query) {

  static Request of(HttpExchange exchange) {
    String context = exchange.getHttpContext().getPath();
    String base = context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
    String path = exchange.getRequestURI().getRawPath();
    String rest = path.length() >= base.length() ? path.substring(base.length()) : "";
    List<String> segments = new ArrayList<>();
    for (String raw : rest.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(decode(raw));
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.putIfAbsent(name, value);
      }
    }
    return new Request(exchange, exchange.getRequestMethod(), base, List.copyOf(segments), Map.copyOf(query));
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  String segment(int index) {
    return index < segments.size() ? segments.get(index) : null;
  }

  int size() {
    return segments.size();
  }

  /** Returns a query parameter when it is present and not blank. */
  Optional<String> param(String name) {
    String value = query.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** Returns a link under the mount point: {@code base + path}, path starting with '/'. */
  String link(String path) {
    return base + path;
  }
}
