package dev.pedigree.provenance;

import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.Objects;

/**
 * A signed in-toto statement about one version, as stored beside it.
 *
 * @param version the version it is about
 * @param predicateType what kind of statement: {@link Provenance#SLSA_PROVENANCE} or
 *     {@link Provenance#MODEL_SIGNATURE}, or another type added with {@link Provenance#add}
 * @param subjects what the statement names, by SHA-256 (each file of a directory version)
 * @param envelope the DSSE envelope carrying the statement and its signatures
 * @param id the SHA-256 of the envelope's stored JSON, in hex: the attestation's name in the store
 */
public record Attestation(VersionId version, String predicateType, List<Subject> subjects, DsseEnvelope envelope,
    String id) {
  /** Copies and checks the parts. */
  public Attestation {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(predicateType, "predicateType");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(id, "id");
  }

  /**
   * A statement's subject: a name and the SHA-256 of its content.
   *
   * @param name a file's path within the version, or the artifact's name for a file version
   * @param sha256 the content's SHA-256 in lower-case hex
   */
  public record Subject(String name, String sha256) {
    /** Checks the parts. */
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * Returns the statement, the envelope's payload as text.
   *
   * @return the in-toto statement JSON
   */
  public String statement() {
    return new String(envelope.payload(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
