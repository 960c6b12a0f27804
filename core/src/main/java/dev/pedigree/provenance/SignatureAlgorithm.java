package dev.pedigree.provenance;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Locale;

/**
 * The signature schemes Pedigree signs and verifies with, all provided by the JDK.
 */
public enum SignatureAlgorithm {
  /** Ed25519 (RFC 8032): 64-byte signatures. */
  ED25519("Ed25519"),
  /** ECDSA over NIST P-256 with SHA-256, DER-encoded signatures (as Sigstore and model-signing use). */
  ECDSA_P256_SHA256("SHA256withECDSA");

  private final String jcaName;

  SignatureAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /**
   * Returns the algorithm's name in the Java Cryptography Architecture.
   *
   * @return e.g. {@code SHA256withECDSA}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Returns the algorithm that verifies signatures of a public key.
   *
   * @param key an Ed25519 or P-256 public key
   * @return its algorithm
   * @throws dev.pedigree.exceptions.InvalidKeyMaterialException if the key is of another kind
   */
  public static SignatureAlgorithm of(PublicKey key) {
    String name = key.getAlgorithm().toUpperCase(Locale.ROOT);
    if (name.equals("ED25519") || name.equals("EDDSA")) {
      return ED25519;
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return ECDSA_P256_SHA256;
    }
    throw new dev.pedigree.exceptions.InvalidKeyMaterialException("Cannot use a " + key.getAlgorithm()
        + " key: Pedigree signs with Ed25519 and ECDSA P-256 only; generate one with Keys.generate(..)"
        + " or `openssl genpkey -algorithm ed25519`");
  }
}
