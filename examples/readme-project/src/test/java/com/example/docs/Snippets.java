package com.example.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every Java block of a README is the text of a region of a compiled test. In the
 * README, the line before a fenced {@code ```java} block is
 * {@code <!-- snippet: <module>/src/test/java/<path>/<File>.java#<region> -->}; several regions
 * may be joined with {@code +} ({@code #imports+registry}) and are then shown one after the other,
 * separated by a blank line. In the test file a region sits between a line
 * {@code // snippet:<region>} and a line {@code // end-snippet}; its text with the common
 * indentation removed must equal the block.
 */
final class Snippets {
  private static final Pattern MARKER = Pattern.compile(
      "<!-- snippet: ([A-Za-z0-9._/-]+/src/test/java/[A-Za-z0-9_/]+\\.java)#([A-Za-z0-9_+-]+) -->");

  private Snippets() {
  }

  /**
   * Returns every problem found in one README, each naming the README line and the region.
   *
   * @param root the repository root, which paths in markers are relative to
   * @param readme the README
   * @return the problems; empty when every block matches its region
   */
  static List<String> problems(Path root, Path readme) {
    List<String> lines = read(readme);
    List<String> problems = new ArrayList<>();
    String shown = root.relativize(readme).toString();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      String block = String.join("\n", lines.subList(i + 1, Math.min(end, lines.size())));
      String where = shown + ":" + (i + 1);
      Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : MARKER.matcher("");
      if (!marker.matches()) {
        problems.add(where + ": this ```java block has no '<!-- snippet: <module>/src/test/java/<path>/<File>.java"
            + "#<region> -->' line before it; put the code in a region of a test and name it there");
        i = end;
        continue;
      }
      Path source = root.resolve(marker.group(1));
      String regionNames = marker.group(2);
      if (!Files.isRegularFile(source)) {
        problems.add(where + ": the snippet names " + marker.group(1) + ", which does not exist; fix the path");
        i = end;
        continue;
      }
      List<String> parts = new ArrayList<>();
      String missing = null;
      for (String region : regionNames.split("\\+")) {
        String text = region(read(source), region);
        if (text == null) {
          missing = region;
          break;
        }
        parts.add(text);
      }
      if (missing != null) {
        problems.add(where + ": " + marker.group(1) + " has no region '" + missing + "' (a line '// snippet:" + missing
            + "' followed by a line '// end-snippet'); add it or fix the name");
      } else {
        String expected = String.join("\n\n", parts);
        if (!expected.equals(block)) {
          problems.add(where + " and " + marker.group(1) + "#" + regionNames + " differ: " + firstDifference(block,
              expected) + "; edit both together (the README block must be the region's text without its common"
              + " indentation)");
        }
      }
      i = end;
    }
    return problems;
  }

  /** The region's lines with the common indentation removed, or null when there is no such region. */
  static String region(List<String> source, String name) {
    int start = -1;
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i).strip().equals("// snippet:" + name)) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) {
      return null;
    }
    int end = start;
    while (end < source.size() && !source.get(end).strip().equals("// end-snippet")) {
      end++;
    }
    if (end == source.size()) {
      return null;
    }
    List<String> body = source.subList(start, end);
    int indent = Integer.MAX_VALUE;
    for (String line : body) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : body) {
      out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
    }
    return String.join("\n", out);
  }

  private static String firstDifference(String readme, String region) {
    String[] a = readme.split("\n", -1);
    String[] b = region.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String left = i < a.length ? a[i] : "<end of block>";
      String right = i < b.length ? b[i] : "<end of region>";
      if (!left.equals(right)) {
        return "line " + (i + 1) + " of the block is [" + left + "] but the region has [" + right + "]";
      }
    }
    return "they differ";
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
