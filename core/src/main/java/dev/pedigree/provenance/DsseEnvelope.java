package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A Dead Simple Signing Envelope (DSSE v1): a typed payload and signatures over its
 * pre-authentication encoding, so a signature can never be replayed for another payload type.
 *
 * @param payloadType the payload's media type, {@code application/vnd.in-toto+json} for attestations
 * @param payload the payload bytes
 * @param signatures the signatures, each with the id of the key that made it
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<KeySignature> signatures) {
  /** The payload type of in-toto statements. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  /**
   * Copies and checks the parts.
   */
  public DsseEnvelope {
    InvalidRequestException.requireNonNull(payloadType, "payloadType");
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  /**
   * A signature in an envelope.
   *
   * @param keyId the signing key's id (may be empty, as model-signing writes it)
   * @param signature the signature bytes
   */
  public record KeySignature(String keyId, byte[] signature) {
    /** Copies the bytes. */
    public KeySignature {
      InvalidRequestException.requireNonNull(keyId, "keyId");
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof KeySignature s && s.keyId.equals(keyId) && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
      return keyId.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
      return "KeySignature[" + keyId + "]";
    }
  }

  /**
   * Signs a payload.
   *
   * @param payloadType the payload's media type
   * @param payload the payload
   * @param signer the signer
   * @param keyId the key id to record ({@code ""} to leave it out)
   * @return the envelope with one signature
   */
  public static DsseEnvelope sign(String payloadType, byte[] payload, Signer signer, String keyId) {
    byte[] signature = signer.sign(preAuthenticationEncoding(payloadType, payload));
    return new DsseEnvelope(payloadType, payload, List.of(new KeySignature(keyId, signature)));
  }

  /**
   * Returns the DSSE v1 pre-authentication encoding, the bytes that are actually signed:
   * {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}.
   *
   * @param payloadType the type
   * @param payload the payload
   * @return the encoding
   */
  public static byte[] preAuthenticationEncoding(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
        .getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return all;
  }

  /**
   * Returns whether any signature verifies under a key.
   *
   * @param key the public key
   * @return whether the key signed this payload
   */
  public boolean verifiedBy(PublicKey key) {
    byte[] encoding = preAuthenticationEncoding(payloadType, payload);
    return signatures.stream().anyMatch(s -> Keys.verify(key, encoding, s.signature));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * Writes the envelope in its standard JSON form.
   *
   * @return the JSON bytes
   */
  public byte[] toJson() {
    return Json.write(toNode());
  }

  ObjectNode toNode() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("payload", Base64.getEncoder().encodeToString(payload));
    node.put("payloadType", payloadType);
    ArrayNode list = node.putArray("signatures");
    for (KeySignature s : signatures) {
      ObjectNode entry = list.addObject();
      if (!s.keyId.isEmpty()) {
        entry.put("keyid", s.keyId);
      }
      entry.put("sig", Base64.getEncoder().encodeToString(s.signature));
    }
    return node;
  }

  /**
   * Parses an envelope from its JSON form.
   *
   * @param json the JSON bytes
   * @return the envelope
   * @throws SignatureVerificationException if it is not a DSSE envelope
   */
  public static DsseEnvelope parse(byte[] json) {
    try {
      return fromNode(Json.mapper().readTree(json));
    } catch (IOException e) {
      throw new SignatureVerificationException("Cannot read a DSSE envelope: " + e.getMessage()
          + "; the signature file is damaged, sign the version again");
    }
  }

  static DsseEnvelope fromNode(JsonNode node) {
    if (node == null || !node.path("payload").isTextual() || !node.path("payloadType").isTextual()
        || !node.path("signatures").isArray()) {
      throw new SignatureVerificationException("Cannot read a DSSE envelope: it lacks payload, payloadType or"
          + " signatures; the signature file is damaged, sign the version again");
    }
    try {
      List<KeySignature> signatures = new ArrayList<>();
      for (JsonNode s : node.get("signatures")) {
        signatures.add(new KeySignature(s.path("keyid").asText(""), Base64.getDecoder().decode(s.path("sig").asText(""))));
      }
      return new DsseEnvelope(node.get("payloadType").asText(), Base64.getDecoder().decode(node.get("payload").asText()),
          signatures);
    } catch (IllegalArgumentException e) {
      throw new SignatureVerificationException("Cannot read a DSSE envelope: its base64 is damaged ("
          + e.getMessage() + "); sign the version again");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DsseEnvelope e && e.payloadType.equals(payloadType) && Arrays.equals(e.payload, payload)
        && e.signatures.equals(signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "DsseEnvelope[" + payloadType + ", " + payload.length + " bytes, " + signatures.size() + " signature(s)]";
  }
}
