package dev.pedigree.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds HTML (and inline SVG) text in which every value from the store is escaped. Markup is
 * appended with {@link #raw}, which only ever receives constants of ours; values go through
 * {@link #text} (element content) or {@link #attr} (a double-quoted attribute value), which
 * escape the five characters that could end a text run or an attribute.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(4096);

  /** Appends markup written by us: never a value from the store or the request. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends a value as element text. */
  Html text(Object value) {
    out.append(escape(String.valueOf(value)));
    return this;
  }

  /** Appends {@code name="value"} (with a leading space), the value escaped. */
  Html attr(String name, Object value) {
    out.append(' ').append(name).append("=\"").append(escape(String.valueOf(value))).append('"');
    return this;
  }

  /** Appends {@code <tag attrs>text</tag>} for a simple element. */
  Html element(String tag, String cssClass, Object value) {
    out.append('<').append(tag);
    if (cssClass != null) {
      attr("class", cssClass);
    }
    out.append('>').append(escape(String.valueOf(value))).append("</").append(tag).append('>');
    return this;
  }

  /** Appends a link whose href is built by us from encoded segments and whose text is escaped. */
  Html link(String href, Object text) {
    out.append("<a");
    attr("href", href);
    out.append('>').append(escape(String.valueOf(text))).append("</a>");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Escapes a value for HTML and SVG text and double- or single-quoted attribute values. */
  static String escape(String value) {
    StringBuilder b = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (replacement != null || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
        if (b == null) {
          b = new StringBuilder(value.length() + 16).append(value, 0, i);
        }
        b.append(replacement != null ? replacement : "\uFFFD");
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? value : b.toString();
  }

  /** Encodes one path segment or query value (space as %20). */
  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
