package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.storage.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
  @TempDir Path dir;
  private Repository repo;
  private Path storeRoot;
  private final KeyPair release = Keys.generate(SignatureAlgorithm.ED25519);
  private final Signer signer = Keys.signer(release);
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void open() throws Exception {
    storeRoot = Files.createDirectories(dir.resolve("store"));
    repo = Repository.builder(new FileBlobStore(storeRoot)).actor("ci").build();
  }

  private ArtifactVersion dataset() {
    return repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes("id,tenure\n1,3\n".getBytes(StandardCharsets.UTF_8)).build());
  }

  private ArtifactVersion trainedModel(ArtifactVersion data) throws Exception {
    Path model = Files.createDirectories(dir.resolve("model-" + System.nanoTime()));
    Files.writeString(model.resolve("weights.bin"), "w " + System.nanoTime());
    Files.createDirectories(model.resolve("meta"));
    Files.writeString(model.resolve("meta/signature.json"), "{\"inputs\":[\"tenure\"]}");
    try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.4.0"))) {
      run.input(data);
      run.param("epochs", "20");
      ArtifactVersion version = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).directory(model)
          .metric("auc", 0.91).build());
      run.succeed();
      return version;
    }
  }

  @Test
  void provenanceNamesTheRunItsInputsByDigestParamsCodeAndPassedGates() throws Exception {
    ArtifactVersion data = dataset();
    ArtifactVersion model = trainedModel(data);
    Gate gate = Gate.named("production").require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.8).build()).build();
    Promotion promotion = Promoter.of(repo).promote(model.id(), "production", gate);
    assertThat(promotion.promoted()).isTrue();

    Attestation attestation = Provenance.of(repo).attest(model.id(), signer);

    assertThat(attestation.predicateType()).isEqualTo(Provenance.SLSA_PROVENANCE);
    assertThat(attestation.subjects()).extracting(Attestation.Subject::name)
        .containsExactly("meta/signature.json", "weights.bin");
    assertThat(attestation.envelope().verifiedBy(release.getPublic())).isTrue();
    JsonNode statement = json.readTree(attestation.statement());
    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    JsonNode build = statement.path("predicate").path("buildDefinition");
    assertThat(build.path("externalParameters").path("job").asText()).isEqualTo("train");
    assertThat(build.path("externalParameters").path("runParams").path("epochs").asText()).isEqualTo("20");
    assertThat(build.path("internalParameters").path("code").path("version").asText()).isEqualTo("1.4.0");
    assertThat(build.path("resolvedDependencies").get(0).path("name").asText()).isEqualTo("raw-customers:1");
    assertThat(build.path("resolvedDependencies").get(0).path("digest").path("sha256").asText())
        .isEqualTo(data.content().hex());
    JsonNode verdict = statement.path("predicate").path("runDetails").path("byproducts").get(0);
    assertThat(verdict.path("annotations").path("gate").asText()).isEqualTo("production");
    assertThat(verdict.path("annotations").path("verdict").asText()).isEqualTo("PASSED");
    assertThat(statement.path("predicate").path("runDetails").path("metadata").path("invocationId").asText())
        .isEqualTo(model.producedBy().orElseThrow());

    assertThat(Provenance.of(repo).attestations(model.id())).containsExactly(attestation);
    try (Stream<AuditEvent> events = repo.audit().events(AuditQuery.all().type(AuditEventType.ATTESTATION_ADDED))) {
      assertThat(events.toList()).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("churn-model:1");
        assertThat(e.detail("attestation")).isEqualTo(attestation.id());
        assertThat(e.detail("key")).isEqualTo(signer.keyId());
      });
    }
  }

  @Test
  void signingTheSameStatementTwiceWithEd25519StoresAndAuditsItOnce() throws Exception {
    ArtifactVersion model = trainedModel(dataset());
    Attestation first = Provenance.of(repo).signModel(model.id(), signer);
    Attestation second = Provenance.of(repo).signModel(model.id(), signer);

    assertThat(second).isEqualTo(first);
    assertThat(Provenance.of(repo).attestations(model.id())).hasSize(1);
    try (Stream<AuditEvent> events = repo.audit().events(AuditQuery.all().type(AuditEventType.ATTESTATION_ADDED))) {
      assertThat(events.count()).isEqualTo(1);
    }
  }

  @Test
  void aTrustPolicyNamesWhatIsMissingAndTrustsOnlyTrustedKeysOverTheRealContent() throws Exception {
    ArtifactVersion model = trainedModel(dataset());
    TrustPolicy policy = TrustPolicy.builder().trust(release.getPublic()).requireModelSignature().requireProvenance()
        .requireGatePassed("staging").build();

    TrustDecision unsigned = policy.evaluate(repo, model);
    assertThat(unsigned.trusted()).isFalse();
    assertThat(unsigned.problems()).containsExactly(
        "no model signature signed by a trusted key; sign it with Provenance.signModel(..) and a trusted key",
        "no SLSA provenance signed by a trusted key; sign it with Provenance.attest(..) and a trusted key",
        "no signed provenance shows gate 'staging' passed it; promote it through that gate, then sign its provenance");

    Signer stranger = Keys.signer(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256));
    Provenance.of(repo).signModel(model.id(), stranger);
    assertThat(policy.evaluate(repo, model).problems()).anySatisfy(p -> assertThat(p).contains("is not signed by a trusted key"));

    Gate staging = Gate.named("staging").require(MetricCheck.named("auc").metric("auc").atLeast(0.5).build()).build();
    assertThat(Promoter.of(repo).promote(model.id(), "staging", staging).promoted()).isTrue();
    Provenance.of(repo).signModel(model.id(), signer);
    Provenance.of(repo).attest(model.id(), signer);

    TrustDecision trusted = policy.evaluate(repo, model);
    assertThat(trusted.trusted()).as(trusted.explanation()).isTrue();
    assertThat(trusted.satisfied()).hasSize(3);
  }

  @Test
  void anAttestationChangedInTheStoreIsNeverTrusted() throws Exception {
    ArtifactVersion model = trainedModel(dataset());
    Attestation signed = Provenance.of(repo).signModel(model.id(), signer);
    TrustPolicy policy = TrustPolicy.builder().trust(release.getPublic()).requireModelSignature().build();
    assertThat(policy.evaluate(repo, model).trusted()).isTrue();

    Path stored;
    try (Stream<Path> files = Files.walk(storeRoot.resolve("objects"))) {
      stored = files.filter(f -> f.getFileName().toString().equals(signed.id().substring(2))).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(stored, bytes);

    TrustDecision decision = policy.evaluate(repo, model);
    assertThat(decision.trusted()).isFalse();
    assertThat(decision.explanation()).contains("its attestations cannot be read").contains(signed.id());
  }

  @Test
  void aSignatureCheckRefusesAnUnsignedCandidateAndPromotesASignedOne() throws Exception {
    ArtifactVersion unsigned = trainedModel(dataset());
    ArtifactVersion signed = trainedModel(dataset());
    Provenance.of(repo).signModel(signed.id(), signer);
    Gate production = Gate.named("production").require(SignatureCheck.named("signed-by-release-key",
        TrustPolicy.builder().trust(release.getPublic()).requireModelSignature().build()))
        .require(MetricCheck.named("auc").metric("auc").atLeast(0.5).build()).build();

    Promotion refused = Promoter.of(repo).promote(unsigned.id(), "production", production);
    Promotion accepted = Promoter.of(repo).promote(signed.id(), "production", production);

    assertThat(refused.promoted()).isFalse();
    assertThat(refused.explanation()).contains("signed-by-release-key").contains("no model signature signed by a trusted key");
    assertThat(accepted.promoted()).as(accepted.explanation()).isTrue();
    assertThat(repo.artifacts().alias("churn-model", "production")).map(ArtifactVersion::id).contains(signed.id());
  }

  @Test
  void aModelSignatureVerifiesAgainstItsCheckoutAndNamesAChangedFile() throws Exception {
    ArtifactVersion model = trainedModel(dataset());
    Attestation signature = Provenance.of(repo).signModel(model.id(), Keys.signer(Keys.generate(
        SignatureAlgorithm.ECDSA_P256_SHA256)));
    KeyPair ec = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Attestation ecSignature = Provenance.of(repo).signModel(model.id(), Keys.signer(ec));
    Path checkout = dir.resolve("checkout");
    repo.artifacts().checkout(model, checkout);
    byte[] bundle = ModelSignatures.bundle(ecSignature, ec.getPublic());
    Files.write(checkout.resolve(ModelSignatures.SIGNATURE_FILE), bundle);

    List<Attestation.Subject> verified = ModelSignatures.verify(bundle, checkout, ec.getPublic());
    assertThat(verified).extracting(Attestation.Subject::name).containsExactly("meta/signature.json", "weights.bin");
    assertThatThrownBy(() -> ModelSignatures.verify(ModelSignatures.bundle(signature, ec.getPublic()), checkout,
        ec.getPublic())).isInstanceOf(SignatureVerificationException.class).hasMessageContaining("does not verify");

    Files.writeString(checkout.resolve("weights.bin"), "changed");
    assertThatThrownBy(() -> ModelSignatures.verify(bundle, checkout, ec.getPublic()))
        .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("file 'weights.bin' has SHA-256");
  }
}
