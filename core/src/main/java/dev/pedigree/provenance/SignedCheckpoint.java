package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.audit.AuditCheckpoint;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.internal.Json;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;

/**
 * A checkpoint of a repository's audit log (position and hash), signed: a reader who trusts the
 * key and keeps the newest one it has seen detects any rollback or rewrite of the history before
 * it, even by someone who can write to the bucket.
 *
 * @param checkpoint the audit log's position and hash when it was signed
 * @param location the repository's location, so a checkpoint of one store is not taken for another's
 * @param signedAt when it was signed
 * @param envelope the DSSE envelope carrying the statement and its signature
 */
public record SignedCheckpoint(AuditCheckpoint checkpoint, String location, Instant signedAt, DsseEnvelope envelope) {
  /** The DSSE payload type of a signed audit checkpoint. */
  public static final String PAYLOAD_TYPE = "application/vnd.pedigree.audit-checkpoint+json";

  /** Checks the parts. */
  public SignedCheckpoint {
    InvalidRequestException.requireNonNull(checkpoint, "checkpoint");
    InvalidRequestException.requireNonNull(location, "location");
    InvalidRequestException.requireNonNull(signedAt, "signedAt");
    InvalidRequestException.requireNonNull(envelope, "envelope");
  }

  static SignedCheckpoint sign(AuditCheckpoint checkpoint, String location, Instant signedAt, Signer signer) {
    ObjectNode statement = Json.mapper().createObjectNode();
    statement.put("location", location);
    statement.put("sequence", checkpoint.sequence());
    statement.put("hash", checkpoint.hash());
    statement.put("signedAt", signedAt.toString());
    DsseEnvelope envelope = DsseEnvelope.sign(PAYLOAD_TYPE, Json.write(statement), signer, signer.keyId());
    return new SignedCheckpoint(checkpoint, location, signedAt, envelope);
  }

  /**
   * Writes it as JSON (the DSSE envelope), to keep or publish.
   *
   * @return the JSON bytes
   */
  public byte[] toJson() {
    return envelope.toJson();
  }

  /**
   * Reads a signed checkpoint from its JSON, without checking its signature (see {@link #verifiedBy}).
   *
   * @param json the JSON bytes
   * @return the checkpoint
   * @throws SignatureVerificationException if it is not a signed checkpoint
   */
  public static SignedCheckpoint parse(byte[] json) {
    DsseEnvelope envelope = DsseEnvelope.parse(json);
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      throw new SignatureVerificationException("Cannot read a signed checkpoint: the envelope carries '"
          + envelope.payloadType() + "', not '" + PAYLOAD_TYPE + "'; pass a file written by SignedCheckpoint.toJson()");
    }
    try {
      JsonNode statement = Json.mapper().readTree(envelope.payload());
      AuditCheckpoint checkpoint = new AuditCheckpoint(statement.path("sequence").asLong(-1),
          statement.path("hash").asText(""));
      return new SignedCheckpoint(checkpoint, statement.path("location").asText(""),
          Instant.parse(statement.path("signedAt").asText()), envelope);
    } catch (IOException | RuntimeException e) {
      throw new SignatureVerificationException("Cannot read a signed checkpoint: its statement is damaged ("
          + e.getMessage() + "); use another kept checkpoint or sign a new one");
    }
  }

  /**
   * Returns whether one of the keys signed this checkpoint.
   *
   * @param trusted the trusted public keys
   * @return whether the signature verifies under one of them
   */
  public boolean verifiedBy(Collection<PublicKey> trusted) {
    return trusted.stream().anyMatch(envelope::verifiedBy);
  }
}
