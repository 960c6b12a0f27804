package dev.pedigree.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** A response before it is written: status, content type and body. */
record Response(int status, String contentType, byte[] body) {
  static Response html(int status, String page) {
    return new Response(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  static Response json(int status, JsonNode node) {
    return new Response(status, "application/json; charset=utf-8", JsonViews.write(node).getBytes(StandardCharsets.UTF_8));
  }
}
