package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.InvalidKeyMaterialException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads, generates and writes the keys Pedigree signs with, using only the JDK: PEM files
 * (unencrypted PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys, as
 * {@code openssl genpkey} and {@code openssl pkey -pubout} write them) and {@link KeyStore}s.
 *
 * <pre>{@code
 * KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
 * Files.writeString(Path.of("release.pem"), Keys.toPem(pair.getPrivate()));
 * Signer signer = Keys.signer(Path.of("release.pem"));
 * PublicKey trusted = Keys.publicKey(Path.of("release.pub"));
 * }</pre>
 */
public final class Keys {
  private static final List<String> KEY_FACTORIES = List.of("EC", "Ed25519");

  private Keys() {
  }

  /**
   * Generates a fresh key pair.
   *
   * @param algorithm the scheme
   * @return the pair
   */
  public static KeyPair generate(SignatureAlgorithm algorithm) {
    InvalidRequestException.requireNonNull(algorithm, "algorithm");
    try {
      if (algorithm == SignatureAlgorithm.ED25519) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyMaterialException("Cannot generate a " + algorithm + " key: this JDK lacks it ("
          + e.getMessage() + "); use Java 17 or later with the default providers", e);
    }
  }

  /**
   * Returns a signer over a private key in a PEM file (PKCS#8, {@code BEGIN PRIVATE KEY}).
   *
   * @param privateKeyPem the file
   * @return the signer
   * @throws InvalidKeyMaterialException if the file is not such a key
   */
  public static Signer signer(Path privateKeyPem) {
    return signer(privateKey(privateKeyPem));
  }

  /**
   * Returns a signer over a private key.
   *
   * @param privateKey an Ed25519 or P-256 private key
   * @return the signer
   */
  public static Signer signer(PrivateKey privateKey) {
    return signer(privateKey, publicKeyOf(privateKey));
  }

  /**
   * Returns a signer over a key pair.
   *
   * @param pair the pair
   * @return the signer
   */
  public static Signer signer(KeyPair pair) {
    return signer(pair.getPrivate(), pair.getPublic());
  }

  /**
   * Returns a signer over a key entry of a {@link KeyStore} (for instance PKCS#12).
   *
   * @param store the loaded key store
   * @param alias the entry
   * @param password the entry's password
   * @return the signer
   * @throws InvalidKeyMaterialException if the entry is missing, not a private key, or the password is wrong
   */
  public static Signer signer(KeyStore store, String alias, char[] password) {
    try {
      Key key = store.getKey(alias, password);
      Certificate certificate = store.getCertificate(alias);
      if (!(key instanceof PrivateKey privateKey) || certificate == null) {
        throw new InvalidKeyMaterialException("Cannot sign with key store entry '" + alias + "': it is "
            + (key == null ? "missing" : "not a private key with a certificate") + "; the entries are "
            + java.util.Collections.list(store.aliases()));
      }
      return signer(privateKey, certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyMaterialException("Cannot read key store entry '" + alias + "': " + e.getMessage()
          + "; check the alias and the password", e);
    }
  }

  private static Signer signer(PrivateKey privateKey, PublicKey publicKey) {
    SignatureAlgorithm algorithm = SignatureAlgorithm.of(publicKey);
    return new Signer() {
      @Override
      public PublicKey publicKey() {
        return publicKey;
      }

      @Override
      public SignatureAlgorithm algorithm() {
        return algorithm;
      }

      @Override
      public byte[] sign(byte[] data) {
        try {
          Signature signature = Signature.getInstance(algorithm.jcaName());
          signature.initSign(privateKey);
          signature.update(data);
          return signature.sign();
        } catch (GeneralSecurityException e) {
          throw new InvalidKeyMaterialException("Cannot sign with key " + Keys.keyId(publicKey) + ": " + e.getMessage(), e);
        }
      }

      @Override
      public String toString() {
        return "Signer[" + algorithm + ", key " + Keys.keyId(publicKey) + "]";
      }
    };
  }

  /**
   * Reads a private key from a PEM file (PKCS#8, {@code BEGIN PRIVATE KEY}).
   *
   * @param file the file
   * @return the key
   */
  public static PrivateKey privateKey(Path file) {
    byte[] der = pemBody(file, "PRIVATE KEY");
    for (String factory : KEY_FACTORIES) {
      try {
        return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
        // Not this kind; try the next one.
      }
    }
    throw new InvalidKeyMaterialException("Cannot read the private key in " + file
        + ": it is neither an Ed25519 nor an EC key; use Ed25519 or ECDSA P-256");
  }

  /**
   * Reads a public key from a PEM file ({@code BEGIN PUBLIC KEY}).
   *
   * @param file the file
   * @return the key
   */
  public static PublicKey publicKey(Path file) {
    return publicKey(pemBody(file, "PUBLIC KEY"), file.toString());
  }

  /**
   * Parses a public key from PEM text ({@code BEGIN PUBLIC KEY}).
   *
   * @param pem the text
   * @return the key
   */
  public static PublicKey publicKeyFromPem(String pem) {
    return publicKey(pemBody(pem, "PUBLIC KEY", "the given text"), "the given text");
  }

  private static PublicKey publicKey(byte[] der, String where) {
    for (String factory : KEY_FACTORIES) {
      try {
        PublicKey key = KeyFactory.getInstance(factory).generatePublic(new X509EncodedKeySpec(der));
        SignatureAlgorithm.of(key);
        return key;
      } catch (InvalidKeySpecException | NoSuchAlgorithmException | InvalidKeyMaterialException e) {
        // Not this kind; try the next one.
      }
    }
    throw new InvalidKeyMaterialException("Cannot read the public key in " + where
        + ": it is neither an Ed25519 nor a P-256 key; use Ed25519 or ECDSA P-256");
  }

  /**
   * Writes a key as PEM text: {@code PUBLIC KEY} (X.509) or {@code PRIVATE KEY} (PKCS#8).
   *
   * @param key the key
   * @return the PEM text, lines of 64 characters, ending in a newline
   */
  public static String toPem(Key key) {
    String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /**
   * Returns a public key's identifier: the SHA-256 of its PEM text, in lower-case hex, as the
   * model-signing tool computes the key hint of a Sigstore bundle.
   *
   * @param key the key
   * @return 64 hex characters
   */
  public static String keyId(PublicKey key) {
    try {
      byte[] pem = toPem(key).getBytes(StandardCharsets.US_ASCII);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  /**
   * Verifies a signature.
   *
   * @param key the public key
   * @param data what was signed
   * @param signature the signature
   * @return whether it verifies; a malformed signature does not
   */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(SignatureAlgorithm.of(key).jcaName());
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyMaterialException("Cannot verify with key " + keyId(key) + ": " + e.getMessage(), e);
    }
  }

  private static PublicKey publicKeyOf(PrivateKey key) {
    try {
      if (key instanceof java.security.interfaces.ECPrivateKey ec) {
        java.security.spec.ECParameterSpec params = ec.getParams();
        java.security.spec.ECPoint point = EcMath.multiplyGenerator(params, ec.getS());
        return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(point, params));
      }
      if (key.getAlgorithm().equalsIgnoreCase("Ed25519") || key.getAlgorithm().equalsIgnoreCase("EdDSA")) {
        return Ed25519Public.derive(key);
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyMaterialException("Cannot derive the public key of a " + key.getAlgorithm() + " key: "
          + e.getMessage(), e);
    }
    throw new InvalidKeyMaterialException("Cannot use a " + key.getAlgorithm()
        + " private key: Pedigree signs with Ed25519 and ECDSA P-256 only");
  }

  private static byte[] pemBody(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidKeyMaterialException("Cannot read key file " + file + ": " + e.getMessage(), e);
    }
    return pemBody(text, type, file.toString());
  }

  private static byte[] pemBody(String text, String type, String where) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int start = text.indexOf(begin);
    int stop = text.indexOf(end);
    if (start < 0 || stop < start) {
      String hint = text.contains("ENCRYPTED PRIVATE KEY") ? "; decrypt it first (openssl pkey -in k.pem -out plain.pem)"
          + " or keep it in a PKCS#12 key store and use Keys.signer(keyStore, alias, password)"
          : text.contains("EC PRIVATE KEY") ? "; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt`" : "";
      throw new InvalidKeyMaterialException("Cannot read a key from " + where + ": it has no '" + begin + "' block"
          + hint);
    }
    try {
      return Base64.getDecoder().decode(text.substring(start + begin.length(), stop).replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyMaterialException("Cannot read a key from " + where + ": its base64 body is damaged", e);
    }
  }
}
