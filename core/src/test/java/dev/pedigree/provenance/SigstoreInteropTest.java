package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that Pedigree's model signatures are what Sigstore's own JavaScript verifier accepts:
 * the npm packages {@code @sigstore/verify} and {@code @sigstore/bundle} check the bundle offline
 * against the public key, and a small script of ours then checks every file against the signed
 * model-signing v1.0 statement (as {@code model_signing verify key} does). The packages are
 * installed into {@code test-tools/sigstore} by {@code .ci/run}, or by this test when missing.
 */
class SigstoreInteropTest {
  static final String VERIFY_VERSION = "4.1.3";
  static final String BUNDLE_VERSION = "5.0.1";
  private static Path tools;

  @TempDir Path dir;

  @BeforeAll
  static void installSigstoreVerifier() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    tools = root.resolve("test-tools").resolve("sigstore");
    if (!Files.isDirectory(tools.resolve("node_modules/@sigstore/verify"))) {
      Files.createDirectories(tools);
      // The same command .ci/run runs; a developer who runs only `mvn verify` gets it here.
      run(tools, 300, "npm", "install", "--no-audit", "--no-fund", "--prefix", tools.toString(),
          "@sigstore/verify@" + VERIFY_VERSION, "@sigstore/bundle@" + BUNDLE_VERSION);
    }
    try (InputStream script = SigstoreInteropTest.class.getResourceAsStream("/sigstore/verify-model.js")) {
      Files.copy(script, tools.resolve("verify-model.js"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sigstoresVerifierAcceptsTheBundleAndRefusesAFlippedModelByteAndAFlippedSignatureByte(SignatureAlgorithm algorithm)
      throws Exception {
    Repository repo = Repository.open(new MemoryBlobStore());
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.write(model.resolve("weights.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.createDirectories(model.resolve("tokenizer"));
    Files.writeString(model.resolve("tokenizer/vocab.txt"), "churn\nstay\n");
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .directory(model).build());
    KeyPair pair = Keys.generate(algorithm);
    Attestation signature = Provenance.of(repo).signModel(version.id(), Keys.signer(pair));
    Path checkout = dir.resolve("checkout");
    repo.artifacts().checkout(version, checkout);
    Path bundle = Files.write(checkout.resolve(ModelSignatures.SIGNATURE_FILE),
        ModelSignatures.bundle(signature, pair.getPublic()));
    Path publicKey = Files.writeString(dir.resolve("release.pub"), Keys.toPem(pair.getPublic()));

    assertThat(verify(bundle, publicKey, checkout)).startsWith("VERIFIED 2 file(s) of churn-model");

    Path otherKey = Files.writeString(dir.resolve("other.pub"), Keys.toPem(Keys.generate(algorithm).getPublic()));
    assertThat(verify(bundle, otherKey, checkout)).startsWith("REFUSED: signature");

    byte[] weights = Files.readAllBytes(checkout.resolve("weights.bin"));
    weights[3] ^= 0x01;
    Files.write(checkout.resolve("weights.bin"), weights);
    assertThat(verify(bundle, publicKey, checkout)).isEqualTo("REFUSED: file weights.bin does not match its signed digest");
    weights[3] ^= 0x01;
    Files.write(checkout.resolve("weights.bin"), weights);
    assertThat(verify(bundle, publicKey, checkout)).startsWith("VERIFIED");

    Path flipped = dir.resolve("flipped.sig");
    Files.write(flipped, flipSignatureByte(Files.readAllBytes(bundle)));
    assertThat(verify(flipped, publicKey, checkout)).startsWith("REFUSED: signature");
  }

  @Test
  void aSingleFileModelVerifiesByItsContent() throws Exception {
    Repository repo = Repository.open(new MemoryBlobStore());
    ArtifactVersion version = repo.artifacts().register(NewVersion.of("scorer", ArtifactKind.MODEL)
        .bytes("weights".getBytes(StandardCharsets.UTF_8)).build());
    KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Attestation signature = Provenance.of(repo).signModel(version.id(), Keys.signer(pair));
    Path file = dir.resolve("scorer");
    repo.artifacts().copyTo(version, file);
    Path bundle = Files.write(dir.resolve("scorer.sig"), ModelSignatures.bundle(signature, pair.getPublic()));
    Path publicKey = Files.writeString(dir.resolve("release.pub"), Keys.toPem(pair.getPublic()));

    assertThat(verify(bundle, publicKey, file)).startsWith("VERIFIED 1 file(s) of scorer");
    Files.writeString(file, "weightz");
    assertThat(verify(bundle, publicKey, file)).startsWith("REFUSED: file scorer does not match");
  }

  private static byte[] flipSignatureByte(byte[] bundleJson) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode bundle = (ObjectNode) mapper.readTree(bundleJson);
    ObjectNode signature = (ObjectNode) bundle.path("dsseEnvelope").path("signatures").get(0);
    byte[] sig = Base64.getDecoder().decode(signature.get("sig").asText());
    sig[sig.length - 5] ^= 0x01;
    signature.put("sig", Base64.getEncoder().encodeToString(sig));
    return mapper.writeValueAsBytes(bundle);
  }

  private static String verify(Path bundle, Path publicKey, Path model) throws Exception {
    return run(tools, 60, "node", tools.resolve("verify-model.js").toString(), bundle.toString(), publicKey.toString(),
        model.toString()).trim();
  }

  private static String run(Path workDir, int seconds, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("NODE_PATH", tools.resolve("node_modules").toString());
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (command[0].equals("npm") && process.exitValue() != 0) {
      throw new AssertionError("Cannot install Sigstore's verifier (" + String.join(" ", command) + "): " + text
          + "\nRun .ci/run, which installs it, or the npm command above by hand");
    }
    return text;
  }
}
