package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.artifacts.VersionId;
import java.util.List;

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
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(predicateType, "predicateType");
    subjects = List.copyOf(subjects);
    InvalidRequestException.requireNonNull(envelope, "envelope");
    InvalidRequestException.requireNonNull(id, "id");
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
      InvalidRequestException.requireNonNull(name, "name");
      InvalidRequestException.requireNonNull(sha256, "sha256");
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
