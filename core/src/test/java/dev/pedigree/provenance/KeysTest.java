package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pedigree.exceptions.InvalidKeyMaterialException;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void aPemRoundTripDerivesThePublicKeyAndSignsVerifiably(SignatureAlgorithm algorithm) throws Exception {
    KeyPair pair = Keys.generate(algorithm);
    Path privatePem = Files.writeString(dir.resolve("key.pem"), Keys.toPem(pair.getPrivate()));
    Path publicPem = Files.writeString(dir.resolve("key.pub"), Keys.toPem(pair.getPublic()));

    Signer signer = Keys.signer(privatePem);

    // The public key is derived from the private key alone and must be the pair's own.
    assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(signer.algorithm()).isEqualTo(algorithm);
    assertThat(Keys.publicKey(publicPem).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] signature = signer.sign(data);
    assertThat(Keys.verify(pair.getPublic(), data, signature)).isTrue();
    assertThat(Keys.verify(pair.getPublic(), "hellO".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(Keys.verify(Keys.generate(algorithm).getPublic(), data, signature)).isFalse();
  }

  @Test
  void theKeyIdIsTheSha256OfThePublicPemAsModelSigningComputesIt() throws Exception {
    KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    String pem = Keys.toPem(pair.getPublic());
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
    String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(Keys.keyId(pair.getPublic())).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void keysWrittenByOpensslLoad(SignatureAlgorithm algorithm) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    Path key = dir.resolve("openssl.pem");
    Path pub = dir.resolve("openssl.pub");
    if (algorithm == SignatureAlgorithm.ED25519) {
      run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
    } else {
      run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    }
    run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());

    Signer signer = Keys.signer(key);

    assertThat(signer.publicKey().getEncoded()).isEqualTo(Keys.publicKey(pub).getEncoded());
    byte[] data = "model".getBytes(StandardCharsets.UTF_8);
    assertThat(Keys.verify(Keys.publicKey(pub), data, signer.sign(data))).isTrue();
    // openssl writes PEM with 64-character lines, as we do: the same text, the same key id.
    assertThat(Keys.keyId(signer.publicKey())).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pub))));
  }

  @Test
  void aPkcs12KeyStoreEntrySigns() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path store = dir.resolve("keys.p12");
    run(keytool.toString(), "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "release",
        "-dname", "CN=release", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      keyStore.load(in, "changeit".toCharArray());
    }

    Signer signer = Keys.signer(keyStore, "release", "changeit".toCharArray());

    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    assertThat(Keys.verify(keyStore.getCertificate("release").getPublicKey(), data, signer.sign(data))).isTrue();
    assertThatThrownBy(() -> Keys.signer(keyStore, "nobody", "changeit".toCharArray()))
        .isInstanceOf(InvalidKeyMaterialException.class).hasMessageContaining("'nobody'").hasMessageContaining("[release]");
    assertThatThrownBy(() -> Keys.signer(keyStore, "release", "wrong".toCharArray()))
        .isInstanceOf(InvalidKeyMaterialException.class).hasMessageContaining("check the alias and the password");
  }

  @Test
  void badKeyFilesAreTypedAndSayWhatToDo() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
    Path sec1 = Files.writeString(dir.resolve("sec1.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    Path encrypted = Files.writeString(dir.resolve("enc.pem"),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path damaged = Files.writeString(dir.resolve("damaged.pem"), "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
    Path rsa = dir.resolve("rsa.pem");
    java.security.KeyPairGenerator rsaGenerator = java.security.KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    Files.writeString(rsa, Keys.toPem(rsaGenerator.generateKeyPair().getPrivate()));

    assertThatThrownBy(() -> Keys.signer(garbage)).isInstanceOf(InvalidKeyMaterialException.class)
        .hasMessageContaining("has no '-----BEGIN PRIVATE KEY-----' block");
    assertThatThrownBy(() -> Keys.signer(sec1)).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(() -> Keys.signer(encrypted)).hasMessageContaining("decrypt it first");
    assertThatThrownBy(() -> Keys.signer(damaged)).hasMessageContaining("base64 body is damaged");
    assertThatThrownBy(() -> Keys.signer(rsa)).isInstanceOf(InvalidKeyMaterialException.class)
        .hasMessageContaining("neither an Ed25519 nor an EC key");
    assertThatThrownBy(() -> Keys.signer(dir.resolve("missing.pem"))).isInstanceOf(InvalidKeyMaterialException.class)
        .hasMessageContaining("Cannot read key file");
  }

  static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}
