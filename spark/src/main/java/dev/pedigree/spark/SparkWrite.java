package dev.pedigree.spark;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.CodeVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to write a DataFrame as a new directory version, and what the run that records the Spark
 * job holds: its job name, inputs, parameters and code version.
 *
 * <pre>{@code
 * ArtifactVersion features = spark.write(rows, SparkWrite.of("features", ArtifactKind.DATASET)
 *     .input("raw-customers@production")
 *     .param("min_tenure", "3")
 *     .code(CodeVersion.of("prep-2.1"))
 *     .build());
 * }</pre>
 *
 * @param artifact the artifact to register a version of
 * @param kind what the artifact holds
 * @param format the Spark file format of the files: {@code parquet}, {@code csv}, {@code json}, {@code orc}
 * @param options the writer's options (compression, header, ...)
 * @param job the name the run is recorded under
 * @param inputs the versions the job read, as references
 * @param params the job's parameters, recorded on the run and the version
 * @param code the job's code version, or empty to detect the git commit of the working directory
 * @param description words for people on the version
 */
public record SparkWrite(String artifact, ArtifactKind kind, String format, Map<String, String> options, String job,
    List<String> inputs, Map<String, String> params, Optional<CodeVersion> code, String description) {
  /** Checks and copies the fields. */
  public SparkWrite {
    // Checks the name and kind as registering will.
    NewVersion.of(artifact, kind);
    InvalidRequestException.requireNonNull(format, "format");
    options = Map.copyOf(options);
    InvalidRequestException.requireNonNull(job, "job");
    inputs = List.copyOf(inputs);
    params = Map.copyOf(params);
    InvalidRequestException.requireNonNull(code, "code");
    InvalidRequestException.requireNonNull(description, "description");
  }

  /**
   * Starts describing a write: Parquet, under the job name {@code spark:<artifact>}.
   *
   * @param artifact the artifact's name
   * @param kind what it holds
   * @return a builder
   */
  public static Builder of(String artifact, ArtifactKind kind) {
    return new Builder(artifact, kind);
  }

  /** Builds a {@link SparkWrite}. */
  public static final class Builder {
    private final String artifact;
    private final ArtifactKind kind;
    private String format = "parquet";
    private final Map<String, String> options = new LinkedHashMap<>();
    private String job;
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private CodeVersion code;
    private String description = "";

    private Builder(String artifact, ArtifactKind kind) {
      NewVersion.of(artifact, kind);
      this.artifact = artifact;
      this.kind = kind;
    }

    /**
     * Sets the format (default {@code parquet}).
     *
     * @param name a Spark file format
     * @return this builder
     */
    public Builder format(String name) {
      this.format = InvalidRequestException.requireNonNull(name, "format");
      return this;
    }

    /**
     * Sets a writer option, such as {@code compression}.
     *
     * @param name the option
     * @param value its value
     * @return this builder
     */
    public Builder option(String name, String value) {
      options.put(InvalidRequestException.requireNonNull(name, "option name"), InvalidRequestException.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the name the run is recorded under (default {@code spark:<artifact>}).
     *
     * @param name the job's name
     * @return this builder
     */
    public Builder job(String name) {
      this.job = InvalidRequestException.requireNonNull(name, "job");
      return this;
    }

    /**
     * Records a version the job read, so lineage links it to the new version.
     *
     * @param reference the version, as {@code name}, {@code name:7} or {@code name@alias}
     * @return this builder
     */
    public Builder input(String reference) {
      inputs.add(InvalidRequestException.requireNonNull(reference, "reference"));
      return this;
    }

    /**
     * Records a parameter of the job.
     *
     * @param name the parameter
     * @param value its value
     * @return this builder
     */
    public Builder param(String name, String value) {
      InvalidRequestException.requireNonNull(name, "param name");
      if (params.putIfAbsent(name, InvalidRequestException.requireNonNull(value, "value")) != null) {
        throw new InvalidRequestException("Cannot set parameter '" + name + "' twice: it is already '" + params.get(name)
            + "'; give each parameter once");
      }
      return this;
    }

    /**
     * Sets the job's code version (default: the git commit of the working directory, if any).
     *
     * @param version the code version
     * @return this builder
     */
    public Builder code(CodeVersion version) {
      this.code = InvalidRequestException.requireNonNull(version, "code");
      return this;
    }

    /**
     * Sets the new version's description.
     *
     * @param text words for people
     * @return this builder
     */
    public Builder description(String text) {
      this.description = InvalidRequestException.requireNonNull(text, "description");
      return this;
    }

    /**
     * Builds the write.
     *
     * @return the write
     */
    public SparkWrite build() {
      return new SparkWrite(artifact, kind, format, options, job == null ? "spark:" + artifact : job, inputs, params,
          Optional.ofNullable(code), description);
    }
  }
}
