package dev.pedigree.provenance;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;

/**
 * Derives an Ed25519 public key from its private key. The JDK has no public operation for
 * it, but its key pair generator turns 32 random bytes into a pair; fed the private key's seed
 * as its randomness, it returns that seed's public key.
 */
final class Ed25519Public {
  private Ed25519Public() {
  }

  static PublicKey derive(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
      throw new InvalidKeyException("the Ed25519 private key has no seed bytes");
    }
    byte[] seed = edec.getBytes().get();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    generator.initialize(255, new SeedRandom(seed));
    return generator.generateKeyPair().getPublic();
  }

  /** A "random" source that yields one given seed, once. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private boolean used;

    SeedRandom(byte[] seed) {
      super();
      this.seed = seed.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      if (used || bytes.length != seed.length) {
        throw new IllegalStateException("the Ed25519 generator asked for unexpected randomness");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
      used = true;
    }
  }
}
