package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's provenance snippets, compiled and run. */
class ReadmeProvenanceTest {
  @TempDir Path dir;

  @Test
  void signThenTrustThenGate() throws Exception {
    Repository repo = Repository.open(new MemoryBlobStore());
    Path modelDir = Files.createDirectories(dir.resolve("model"));
    Files.writeString(modelDir.resolve("weights.bin"), "weights");
    ArtifactVersion model = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .directory(modelDir).metric("auc", 0.91).build());
    Gate stagingGate = Gate.named("staging").require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.8).build())
        .build();
    assertThat(Promoter.of(repo).promote(model.id(), "staging", stagingGate).promoted()).isTrue();
    KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
    Path releaseKeyPem = Files.writeString(dir.resolve("release.pem"), Keys.toPem(pair.getPrivate()));
    Path releaseKeyPub = Files.writeString(dir.resolve("release.pub"), Keys.toPem(pair.getPublic()));

    // snippet:sign
    Signer signer = Keys.signer(releaseKeyPem);                        // Ed25519 or ECDSA P-256 PEM, a KeyStore, or your KMS
    Provenance provenance = Provenance.of(repo);
    provenance.attest(model.id(), signer);                             // SLSA v1: run, inputs by digest, params, code, gates passed
    Attestation signature = provenance.signModel(model.id(), signer);  // OpenSSF model-signing v1.0: every file's SHA-256
    Files.write(modelDir.resolve("model.sig"), ModelSignatures.bundle(signature, signer.publicKey()));
    // end-snippet

    // snippet:trust
    TrustPolicy policy = TrustPolicy.builder()
        .trust(Keys.publicKey(releaseKeyPub))
        .requireModelSignature()
        .requireProvenance()
        .requireGatePassed("staging")
        .build();
    TrustDecision decision = policy.evaluate(repo, repo.artifacts().resolve("churn-model@staging"));
    System.out.println(decision.explanation());   // or, when refused: what is missing and what to do
    Gate production = Gate.named("production")
        .require(SignatureCheck.named("signed-by-release-key", policy))   // an untrusted model is never promoted
        .build();
    // end-snippet

    assertThat(decision.trusted()).as(decision.explanation()).isTrue();
    Promotion promotion = Promoter.of(repo).promote(model.id(), "production", production);
    assertThat(promotion.promoted()).as(promotion.explanation()).isTrue();
    assertThat(ModelSignatures.verify(Files.readAllBytes(modelDir.resolve("model.sig")), modelDir, pair.getPublic()))
        .hasSize(1);
  }
}
