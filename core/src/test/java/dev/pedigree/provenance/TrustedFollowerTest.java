package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.serving.AliasFollower;
import dev.pedigree.serving.FollowerListener;
import dev.pedigree.serving.LoadedVersion;
import dev.pedigree.serving.Verification;
import dev.pedigree.storage.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower with a trust policy loads only signed versions and refuses the rest, naming what is missing. */
class TrustedFollowerTest {
  @TempDir Path dir;

  @Test
  void anUnsignedOrUntrustedPromotionIsRefusedAndTheSignedModelKeepsServing() throws Exception {
    Repository repo = Repository.builder(new FileBlobStore(dir.resolve("store"))).actor("ci").build();
    KeyPair release = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    TrustPolicy policy = TrustPolicy.builder().trust(release.getPublic()).requireModelSignature().build();
    ArtifactVersion first = model(repo, "weights v1");
    Provenance.of(repo).signModel(first.id(), Keys.signer(release));
    repo.artifacts().moveAlias("scorer", "production", first.number(), "signed first model");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    FollowerListener<String> listener = new FollowerListener<>() {
      @Override
      public void switched(Optional<LoadedVersion<String>> previous, LoadedVersion<String> current) {
        events.add("switched " + current.version().id());
      }

      @Override
      public void refused(ArtifactVersion version, String reason) {
        events.add("refused " + version.id() + ": " + reason);
      }
    };

    try (AliasFollower<String> follower = AliasFollower.builder(repo, "scorer@production",
        (version, content) -> Files.readString(content)).pollInterval(Duration.ofMillis(50))
        .cacheDirectory(dir.resolve("cache")).verifier(policy.verifier(repo)).listener(listener).start()) {
      assertThat(next(events)).isEqualTo("switched scorer:1");

      ArtifactVersion unsigned = model(repo, "weights v2");
      repo.artifacts().moveAlias("scorer", "production", unsigned.number(), "pushed without signing");
      assertThat(next(events)).startsWith("refused scorer:2").contains("no model signature signed by a trusted key");
      assertThat(follower.model()).isEqualTo("weights v1");

      ArtifactVersion stranger = model(repo, "weights v3");
      Provenance.of(repo).signModel(stranger.id(), Keys.signer(Keys.generate(SignatureAlgorithm.ED25519)));
      repo.artifacts().moveAlias("scorer", "production", stranger.number(), "signed by someone else");
      assertThat(next(events)).startsWith("refused scorer:3").contains("is not signed by a trusted key");
      assertThat(follower.model()).isEqualTo("weights v1");

      ArtifactVersion signed = model(repo, "weights v4");
      Provenance.of(repo).signModel(signed.id(), Keys.signer(release));
      repo.artifacts().moveAlias("scorer", "production", signed.number(), "signed release");
      assertThat(next(events)).isEqualTo("switched scorer:4");
      assertThat(follower.model()).isEqualTo("weights v4");
    }
  }

  @Test
  void checkedOutFilesThatDifferFromTheSignatureAreRefused() throws Exception {
    Repository repo = Repository.builder(new FileBlobStore(dir.resolve("store2"))).build();
    KeyPair release = Keys.generate(SignatureAlgorithm.ED25519);
    ArtifactVersion model = model(repo, "weights");
    Provenance.of(repo).signModel(model.id(), Keys.signer(release));
    TrustPolicy policy = TrustPolicy.builder().trust(release.getPublic()).requireModelSignature().build();
    Path content = Files.writeString(dir.resolve("scorer"), "weights");

    assertThat(policy.verifier(repo).verify(model, content).accepted()).isTrue();
    Files.writeString(content, "weightz");
    Verification refused = policy.verifier(repo).verify(model, content);
    assertThat(refused.accepted()).isFalse();
    assertThat(refused.reason()).contains("do not match a trusted model signature").contains("scorer");
    assertThat(new VersionId("scorer", 1)).isEqualTo(model.id());
  }

  private static ArtifactVersion model(Repository repo, String text) {
    return repo.artifacts().register(NewVersion.of("scorer", ArtifactKind.MODEL)
        .bytes(text.getBytes(StandardCharsets.UTF_8)).build());
  }

  private static String next(BlockingQueue<String> events) throws InterruptedException {
    String event = events.poll(60, TimeUnit.SECONDS);
    assertThat(event).as("an event within 60 s").isNotNull();
    return event;
  }
}
