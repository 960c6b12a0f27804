package dev.pedigree.checks;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates the candidate's content (a JSON or YAML file, such as feature definitions) against
 * a {@link JsonSchema}; the evidence names each offending field as a JSON Pointer.
 *
 * <pre>{@code
 * SchemaCheck.named("feature-definitions").schema(JsonSchema.file(Path.of("features.schema.json"))).build();
 * }</pre>
 *
 * <p>The document's format is guessed from its first character unless set with
 * {@link Builder#format}. A document that does not parse fails the check with the parser's
 * reason.
 */
public final class SchemaCheck implements Check {
  private static final int LISTED = 10;

  private final String name;
  private final JsonSchema schema;
  private final DocumentFormat format;

  private SchemaCheck(Builder b) {
    this.name = b.name;
    this.schema = b.schema;
    this.format = b.format;
  }

  /**
   * Starts building the check.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(Check.requireValidName(name));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    ArtifactVersion candidate = context.candidate();
    String text;
    try (InputStream in = context.requireRepository(name).artifacts().open(candidate)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + candidate.id() + " for check '" + name + "': " + e.getMessage(), e);
    }
    return evaluate(candidate.id().toString(), text);
  }

  /**
   * Validates a document directly (for tests and ad-hoc use).
   *
   * @param description what the document is, for the evidence
   * @param document its text
   * @return the result
   */
  public CheckResult evaluate(String description, String document) {
    DocumentFormat used = format != null ? format : DocumentFormat.guess(document);
    List<SchemaViolation> violations;
    try {
      violations = schema.validate(document, used);
    } catch (InvalidDataException e) {
      return CheckResult.failed(name, Evidence.builder(description + " cannot be validated against " + schema.description()
          + ": " + e.getMessage()).observed("format", used.name()).build());
    }
    Evidence.Builder evidence;
    if (violations.isEmpty()) {
      evidence = Evidence.builder(description + " conforms to " + schema.description() + ".");
    } else {
      String listed = violations.stream().limit(LISTED).map(SchemaViolation::toString).collect(Collectors.joining("; "));
      evidence = Evidence.builder(description + " breaks " + schema.description() + " in " + violations.size()
          + (violations.size() == 1 ? " place: " : " places: ") + listed
          + (violations.size() > LISTED ? "; and " + (violations.size() - LISTED) + " more" : "") + ".");
      evidence.observed("firstField", violations.get(0).field());
    }
    evidence.observed("violations", Integer.toString(violations.size()));
    evidence.threshold("violations", "0");
    return CheckResult.of(name, violations.isEmpty(), evidence.build());
  }

  /** Builds a {@link SchemaCheck}; the schema is required, each setting once. */
  public static final class Builder {
    private final String name;
    private JsonSchema schema;
    private DocumentFormat format;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the schema.
     *
     * @param value the schema
     * @return this builder
     */
    public Builder schema(JsonSchema value) {
      if (schema != null) {
        throw new InvalidRequestException("Cannot set the schema of check '" + name + "' twice: it is already "
            + schema.description());
      }
      schema = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the documents' format instead of guessing it.
     *
     * @param value JSON or YAML
     * @return this builder
     */
    public Builder format(DocumentFormat value) {
      if (format != null) {
        throw new InvalidRequestException("Cannot set the document format of check '" + name + "' twice");
      }
      format = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws InvalidRequestException if no schema was given
     */
    public SchemaCheck build() {
      if (schema == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': no schema; call schema(JsonSchema.file(path))");
      }
      return new SchemaCheck(this);
    }
  }
}
