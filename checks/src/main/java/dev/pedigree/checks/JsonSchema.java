package dev.pedigree.checks;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON Schema (drafts 4, 6, 7, 2019-09 and 2020-12, chosen by its {@code $schema}, 2020-12
 * when absent), written in JSON or YAML, that documents are validated against by the networknt
 * validator. The schema itself is first validated against its draft's meta-schema, so a file
 * that is not a schema is refused when loaded, not when a document is checked.
 *
 * <pre>{@code
 * JsonSchema schema = JsonSchema.file(Path.of("feature-definitions.schema.json"));
 * List<SchemaViolation> problems = schema.validate(Files.readString(Path.of("features.yaml")), DocumentFormat.YAML);
 * }</pre>
 */
public final class JsonSchema {
  private static final Pattern DIALECT = Pattern.compile("\"?\\$schema\"?\\s*:\\s*\"?([^\"\\s,}]+)");

  private final String description;
  private final Schema schema;

  private JsonSchema(String description, Schema schema) {
    this.description = description;
    this.schema = schema;
  }

  /**
   * Loads a schema from a file, JSON or YAML by its content.
   *
   * @param file the file
   * @return the schema
   * @throws InvalidDataException if the file is not JSON or YAML, or not a valid schema
   */
  public static JsonSchema file(Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("Cannot read JSON Schema " + file + ": " + e.getMessage()
          + "; check that it exists and is readable UTF-8", e);
    }
    return parse(file.toString(), text);
  }

  /**
   * Loads a schema from text, JSON or YAML by its content.
   *
   * @param description what it is, for messages
   * @param text the schema
   * @return the schema
   * @throws InvalidDataException if the text is not JSON or YAML, or not a valid schema
   */
  public static JsonSchema parse(String description, String text) {
    InvalidRequestException.requireNonNull(description, "description");
    InvalidRequestException.requireNonNull(text, "text");
    DocumentFormat format = DocumentFormat.guess(text);
    InputFormat input = input(format);
    SpecificationVersion version = dialectOf(description, text);
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
        .locale(java.util.Locale.ENGLISH).build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(version, b -> b.schemaRegistryConfig(config));
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidDataException(description, 0, "Cannot use " + description + " as a JSON Schema: it is empty;"
          + " a schema is an object such as {\"type\": \"object\"}", null);
    }
    List<Error> metaErrors;
    try {
      Schema meta = registry.getSchema(SchemaLocation.of(version.getDialectId()));
      metaErrors = meta.validate(text, input);
    } catch (RuntimeException e) {
      throw new InvalidDataException(description, 0, "Cannot use " + description + " as a JSON Schema: it is not valid "
          + format + " (" + firstLine(e) + "); fix its syntax", e);
    }
    if (!metaErrors.isEmpty()) {
      throw new InvalidDataException(description, 0, "Cannot use " + description + " as a JSON Schema: it breaks the "
          + version.getDialectId() + " meta-schema at " + metaErrors.stream().limit(5).map(JsonSchema::describe).toList()
          + "; fix those keywords (a schema is an object such as {\"type\": \"object\", \"properties\": {...}})", null);
    }
    try {
      return new JsonSchema(description, registry.getSchema(text, input));
    } catch (RuntimeException e) {
      throw new InvalidDataException(description, 0, "Cannot use " + description + " as a JSON Schema: "
          + firstLine(e) + "; fix the schema", e);
    }
  }

  /**
   * Returns what the schema was loaded from.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Validates a document.
   *
   * @param document the document's text
   * @param format its syntax
   * @return every violation, empty when the document is valid
   * @throws InvalidDataException if the document is not of that syntax
   */
  public List<SchemaViolation> validate(String document, DocumentFormat format) {
    InvalidRequestException.requireNonNull(document, "document");
    List<Error> errors;
    try {
      errors = schema.validate(document, input(format));
    } catch (RuntimeException e) {
      throw new InvalidDataException("document", 0, "Cannot validate the document against " + description + ": it is"
          + " not valid " + format + " (" + firstLine(e) + "); fix its syntax", e);
    }
    return errors.stream().map(JsonSchema::violation).toList();
  }

  private static SchemaViolation violation(Error error) {
    String field = pointer(error);
    return new SchemaViolation(field, String.valueOf(error.getKeyword()), String.valueOf(error.getMessage()));
  }

  private static String pointer(Error error) {
    String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      location = location + "/" + error.getProperty();
    }
    return location.isEmpty() ? "/" : location;
  }

  private static String describe(Error error) {
    return pointer(error) + ": " + error.getMessage();
  }

  private static InputFormat input(DocumentFormat format) {
    return InvalidRequestException.requireNonNull(format, "format") == DocumentFormat.JSON ? InputFormat.JSON : InputFormat.YAML;
  }

  private static SpecificationVersion dialectOf(String description, String text) {
    Matcher m = DIALECT.matcher(text);
    if (!m.find()) {
      return SpecificationVersion.DRAFT_2020_12;
    }
    String id = m.group(1).replaceAll("[#'\"]+$", "");
    for (SpecificationVersion v : SpecificationVersion.values()) {
      if (v.getDialectId().replaceAll("#$", "").equals(id)) {
        return v;
      }
    }
    throw new InvalidDataException(description, 0, "Cannot use " + description + " as a JSON Schema: its $schema '"
        + id + "' is not a draft this validator knows; use one of https://json-schema.org/draft/2020-12/schema,"
        + " 2019-09, draft-07, draft-06 or draft-04", null);
  }

  private static String firstLine(Throwable e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return "JsonSchema[" + description + "]";
  }
}
