package dev.pedigree.provenance;

import java.security.PublicKey;

/**
 * Signs bytes with a private key that may live anywhere: in memory ({@link Keys#signer}), in a
 * {@link java.security.KeyStore}, or in an HSM or a cloud KMS behind your own implementation.
 *
 * <p>An implementation returns signatures in the encoding its {@link #algorithm()} names: raw
 * 64 bytes for Ed25519, DER for ECDSA.
 */
public interface Signer {
  /**
   * Returns the public half of the signing key, which verifiers trust.
   *
   * @return the public key
   */
  PublicKey publicKey();

  /**
   * Returns the signature scheme.
   *
   * @return the algorithm
   */
  default SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.of(publicKey());
  }

  /**
   * Returns the key's identifier: the SHA-256 of its public key in PEM form, in lower-case hex
   * (the hint that model-signing and Sigstore bundles carry).
   *
   * @return the key id
   */
  default String keyId() {
    return Keys.keyId(publicKey());
  }

  /**
   * Signs bytes.
   *
   * @param data what to sign (for DSSE, the pre-authentication encoding)
   * @return the signature
   */
  byte[] sign(byte[] data);
}
