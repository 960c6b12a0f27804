package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.objects.Digest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to register as a new version: the content (exactly one of a file, a directory, bytes,
 * or an already stored object) and its metadata. Build with {@link #of}:
 *
 * <pre>{@code
 * ArtifactVersion v = repo.artifacts().register(
 *     NewVersion.of("churn-model", ArtifactKind.MODEL)
 *         .file(Path.of("model.bin"))
 *         .param("epochs", "20")
 *         .metric("auc", 0.91)
 *         .tag("team", "growth")
 *         .description("weekly retrain")
 *         .build());
 * }</pre>
 *
 * <p>The builder is strict: giving the content twice, or a parameter, metric or tag name twice,
 * fails at once with a message naming it.
 */
public final class NewVersion {
  private final String artifact;
  private final ArtifactKind kind;
  private final Content content;
  private final Map<String, String> params;
  private final Map<String, Double> metrics;
  private final Map<String, String> tags;
  private final String description;
  private final Optional<String> producedBy;
  private final Optional<String> requestId;

  private NewVersion(Builder b) {
    this.artifact = b.artifact;
    this.kind = b.kind;
    this.content = b.content;
    this.params = Map.copyOf(b.params);
    this.metrics = Map.copyOf(b.metrics);
    this.tags = Map.copyOf(b.tags);
    this.description = b.description == null ? "" : b.description;
    this.producedBy = Optional.ofNullable(b.producedBy);
    this.requestId = Optional.ofNullable(b.requestId);
  }

  /**
   * Starts describing a new version of an artifact.
   *
   * @param artifact the artifact's name
   * @param kind what it holds (must match earlier versions)
   * @return a builder
   */
  public static Builder of(String artifact, ArtifactKind kind) {
    return new Builder(artifact, kind);
  }

  /**
   * Returns the artifact's name.
   *
   * @return the name
   */
  public String artifact() {
    return artifact;
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  public ArtifactKind kind() {
    return kind;
  }

  /**
   * Returns the content to store.
   *
   * @return the content
   */
  public Content content() {
    return content;
  }

  /**
   * Returns the parameters.
   *
   * @return an immutable map
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * Returns the metrics.
   *
   * @return an immutable map
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * Returns the initial tags.
   *
   * @return an immutable map
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * Returns the description.
   *
   * @return the description, possibly empty
   */
  public String description() {
    return description;
  }

  /**
   * Returns the id of the run that produced the version.
   *
   * @return the run id, or empty
   */
  public Optional<String> producedBy() {
    return producedBy;
  }

  /**
   * Returns the request id the registration is made under, if the caller gave one: a retry
   * with the same id after an ambiguous failure returns the version the first attempt
   * registered instead of registering a second one.
   *
   * @return the request id, or empty for a generated one
   */
  public Optional<String> requestId() {
    return requestId;
  }

  /**
   * Returns a builder holding this description, to derive another.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(artifact, kind);
    b.content = content;
    b.params.putAll(params);
    b.metrics.putAll(metrics);
    b.tags.putAll(tags);
    b.description = description;
    b.producedBy = producedBy.orElse(null);
    b.requestId = requestId.orElse(null);
    return b;
  }

  /**
   * The content of a new version: one of the forms the builder accepts.
   *
   * @param file a file to ingest, or null
   * @param directory a directory to ingest, or null
   * @param bytes bytes to store, or null
   * @param stored an object already in the store with its layout, or null
   * @param storedLayout the layout of {@code stored}
   */
  public record Content(Path file, Path directory, byte[] bytes, Digest stored, ContentLayout storedLayout) {
  }

  /** Builds a {@link NewVersion}. */
  public static final class Builder {
    private final String artifact;
    private final ArtifactKind kind;
    private Content content;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String description;
    private String producedBy;
    private String requestId;

    private Builder(String artifact, ArtifactKind kind) {
      this.artifact = ArtifactNames.requireValid(artifact, "artifact");
      this.kind = InvalidRequestException.requireNonNull(kind, "kind");
    }

    /**
     * Uses a file as the content.
     *
     * @param file the file
     * @return this builder
     */
    public Builder file(Path file) {
      return content(new Content(InvalidRequestException.requireNonNull(file, "file"), null, null, null, null), "file " + file);
    }

    /**
     * Uses a directory as the content.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      return content(new Content(null, InvalidRequestException.requireNonNull(directory, "directory"), null, null, null), "directory " + directory);
    }

    /**
     * Uses bytes as the content. The array is not copied: do not change it.
     *
     * @param bytes the content
     * @return this builder
     */
    public Builder bytes(byte[] bytes) {
      return content(new Content(null, null, InvalidRequestException.requireNonNull(bytes, "bytes"), null, null), bytes.length + " bytes");
    }

    /**
     * Uses an object already in the store as the content.
     *
     * @param digest the object's digest
     * @param layout whether it is a file or a directory manifest
     * @return this builder
     */
    public Builder stored(Digest digest, ContentLayout layout) {
      return content(new Content(null, null, null, InvalidRequestException.requireNonNull(digest, "digest"), InvalidRequestException.requireNonNull(layout, "layout")),
          "stored object " + digest);
    }

    private Builder content(Content given, String what) {
      if (content != null) {
        throw new InvalidRequestException("The content of the new version of '" + artifact
            + "' was already given; cannot also use " + what);
      }
      content = given;
      return this;
    }

    /**
     * Records a parameter.
     *
     * @param name the parameter's name
     * @param value its value
     * @return this builder
     */
    public Builder param(String name, String value) {
      putOnce(params, name, InvalidRequestException.requireNonNull(value, "value"), "parameter");
      return this;
    }

    /**
     * Records parameters.
     *
     * @param values names and values
     * @return this builder
     */
    public Builder params(Map<String, String> values) {
      values.forEach(this::param);
      return this;
    }

    /**
     * Records a metric.
     *
     * @param name the metric's name
     * @param value its value (finite)
     * @return this builder
     */
    public Builder metric(String name, double value) {
      if (!Double.isFinite(value)) {
        throw new InvalidRequestException("Cannot record metric '" + name + "' = " + value + ": metrics must be finite numbers");
      }
      putOnce(metrics, name, value, "metric");
      return this;
    }

    /**
     * Records metrics.
     *
     * @param values names and values
     * @return this builder
     */
    public Builder metrics(Map<String, Double> values) {
      values.forEach(this::metric);
      return this;
    }

    /**
     * Sets an initial tag.
     *
     * @param name the tag's name
     * @param value its value
     * @return this builder
     */
    public Builder tag(String name, String value) {
      ArtifactNames.requireValid(name, "tag");
      putOnce(tags, name, InvalidRequestException.requireNonNull(value, "value"), "tag");
      return this;
    }

    /**
     * Sets the description.
     *
     * @param text words for people
     * @return this builder
     */
    public Builder description(String text) {
      if (description != null) {
        throw new InvalidRequestException("The description was already set");
      }
      description = InvalidRequestException.requireNonNull(text, "text");
      return this;
    }

    /**
     * Records the run that produced the version.
     *
     * @param runId the run's id
     * @return this builder
     */
    public Builder producedBy(String runId) {
      if (producedBy != null) {
        throw new InvalidRequestException("The producing run was already set to '" + producedBy + "'");
      }
      producedBy = InvalidRequestException.requireNonNull(runId, "runId");
      return this;
    }

    /**
     * Sets the request id of the registration (default: a generated one). A retry with the same
     * id after an ambiguous failure (an {@code OutcomeUnknownException}) returns the version the
     * first attempt registered instead of registering another.
     *
     * @param id 1 to 128 letters, digits, '.', '_' or '-', such as a UUID
     * @return this builder
     */
    public Builder requestId(String id) {
      if (requestId != null) {
        throw new InvalidRequestException("Cannot set the request id twice: it is already '" + requestId + "'");
      }
      requestId = AuditedChanges.requireValidRequestId(id);
      return this;
    }

    /**
     * Builds the description.
     *
     * @return the new version description
     * @throws InvalidRequestException if no content was given
     */
    public NewVersion build() {
      if (content == null) {
        throw new InvalidRequestException("Cannot build a new version of '" + artifact
            + "': no content; call file(), directory(), bytes() or stored()");
      }
      return new NewVersion(this);
    }

    private <V> void putOnce(Map<String, V> map, String name, V value, String what) {
      InvalidRequestException.requireNonNull(name, what + " name");
      if (name.isEmpty()) {
        throw new InvalidRequestException("A " + what + " name must not be empty");
      }
      if (map.putIfAbsent(name, value) != null) {
        throw new InvalidRequestException("The " + what + " '" + name + "' of the new version of '" + artifact
            + "' was already set to " + map.get(name));
      }
    }
  }
}
