package dev.pedigree.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The listing of a directory: its files sorted by path, each with digest, size and executable
 * bit. A manifest is itself an object, so a whole directory version is one digest.
 *
 * <p>Stored as JSON: {@code {"format":"pedigree.manifest/1","entries":[{"path":...,"digest":...,
 * "size":...,"executable":...}]}}, entries sorted by path, without duplicates.
 *
 * @param entries the files, sorted by path
 */
public record Manifest(List<ManifestEntry> entries) {
  /** The format tag written into every manifest. */
  public static final String FORMAT = "pedigree.manifest/1";

  /** Orders entries by path, comparing the UTF-16 text as manifests store it. */
  public static final Comparator<ManifestEntry> BY_PATH = Comparator.comparing(ManifestEntry::path);

  /**
   * Copies the entries and checks that they are sorted and unique, and that no path is also
   * the folder of another.
   *
   * @throws InvalidManifestException if not
   */
  public Manifest {
    entries = List.copyOf(entries);
    for (int i = 1; i < entries.size(); i++) {
      String previous = entries.get(i - 1).path();
      String current = entries.get(i).path();
      int order = previous.compareTo(current);
      if (order == 0) {
        throw new InvalidManifestException("Cannot accept manifest: path '" + current
            + "' appears twice; each file may be listed once");
      }
      if (order > 0) {
        throw new InvalidManifestException("Cannot accept manifest: path '" + current + "' comes after '" + previous
            + "' but sorts before it; entries must be sorted by path (use Manifest.of to sort them)");
      }
    }
    long total = 0;
    for (ManifestEntry entry : entries) {
      try {
        total = Math.addExact(total, entry.size());
      } catch (ArithmeticException e) {
        throw new InvalidManifestException("Cannot accept manifest: its sizes add up to more than " + Long.MAX_VALUE
            + " bytes (at '" + entry.path() + "'); the manifest is corrupt or forged, ingest the directory again");
      }
    }
    for (int i = 0; i + 1 < entries.size(); i++) {
      String path = entries.get(i).path();
      // Sorted order puts "a/..." right after "a" (only '!'..'.' can come between), so scanning ahead a little is enough.
      for (int j = i + 1; j < entries.size() && entries.get(j).path().startsWith(path); j++) {
        if (entries.get(j).path().startsWith(path + "/")) {
          throw new InvalidManifestException("Cannot accept manifest: '" + path + "' is a file but '"
              + entries.get(j).path() + "' puts a file inside it; a path cannot be both a file and a folder");
        }
      }
    }
  }

  /**
   * Returns a manifest of the given entries in any order.
   *
   * @param entries the files
   * @return the manifest with entries sorted
   */
  public static Manifest of(List<ManifestEntry> entries) {
    List<ManifestEntry> sorted = new ArrayList<>(entries);
    sorted.sort(BY_PATH);
    return new Manifest(sorted);
  }

  /**
   * Returns the total size of all files; never overflows, as the constructor refuses a
   * manifest whose sizes do not fit in a {@code long}.
   *
   * @return bytes
   */
  public long totalSize() {
    long total = 0;
    for (ManifestEntry entry : entries) {
      total = Math.addExact(total, entry.size());
    }
    return total;
  }

  /**
   * Finds the entry of a path.
   *
   * @param path the relative path
   * @return the entry, or empty
   */
  public Optional<ManifestEntry> entry(String path) {
    int index = java.util.Collections.binarySearch(entries, new ManifestEntry(path, Digest.of(new byte[0]), 0, false), BY_PATH);
    return index >= 0 ? Optional.of(entries.get(index)) : Optional.empty();
  }

  /**
   * Returns the manifest's canonical JSON bytes, whose digest is the directory's digest.
   *
   * @return UTF-8 JSON
   */
  public byte[] toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    ArrayNode array = root.putArray("entries");
    for (ManifestEntry entry : entries) {
      ObjectNode node = array.addObject();
      node.put("path", entry.path());
      node.put("digest", entry.digest().toString());
      node.put("size", entry.size());
      node.put("executable", entry.executable());
    }
    return Json.write(root);
  }

  /**
   * Parses manifest JSON, validating every field.
   *
   * @param json the bytes
   * @return the manifest
   * @throws InvalidManifestException if the bytes are not a valid manifest
   */
  public static Manifest parse(byte[] json) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new InvalidManifestException("Cannot read manifest: it is not valid JSON (" + firstLine(e.getMessage())
          + "); it may be truncated or corrupt, ingest the directory again", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidManifestException("Cannot read manifest: expected a JSON object with 'format' and 'entries'"
          + "; it may be truncated or corrupt, ingest the directory again");
    }
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.asText())) {
      throw new InvalidManifestException("Cannot read manifest: its format is " + (format == null ? "missing" : "'" + format.asText() + "'")
          + " but must be '" + FORMAT + "'; it was not written by this version of Pedigree, or is not a manifest");
    }
    JsonNode array = root.get("entries");
    if (array == null || !array.isArray()) {
      throw new InvalidManifestException("Cannot read manifest: 'entries' is missing or not an array; the manifest is corrupt");
    }
    List<ManifestEntry> entries = new ArrayList<>(array.size());
    int index = 0;
    for (JsonNode node : array) {
      entries.add(parseEntry(node, index++));
    }
    return new Manifest(entries);
  }

  private static ManifestEntry parseEntry(JsonNode node, int index) {
    JsonNode path = node.get("path");
    JsonNode digest = node.get("digest");
    JsonNode size = node.get("size");
    JsonNode executable = node.get("executable");
    if (path == null || !path.isTextual() || digest == null || !digest.isTextual()
        || size == null || !size.canConvertToLong() || executable == null || !executable.isBoolean()) {
      throw new InvalidManifestException("Cannot read manifest: entry " + index
          + " needs a text 'path', a text 'digest', an integer 'size' and a boolean 'executable'; the manifest is corrupt");
    }
    try {
      return new ManifestEntry(path.asText(), Digest.parse(digest.asText()), size.asLong(), executable.asBoolean());
    } catch (InvalidManifestException e) {
      throw e;
    } catch (PedigreeException e) {
      throw new InvalidManifestException("Cannot read manifest: entry " + index + " ('" + path.asText() + "'): "
          + e.getMessage(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
