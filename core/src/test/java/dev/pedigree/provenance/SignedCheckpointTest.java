package dev.pedigree.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.storage.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed checkpoint lets a reader who trusts the key detect a rollback or a rewrite of the history. */
class SignedCheckpointTest {
  @TempDir Path dir;
  private Path root;
  private Repository repo;
  private final KeyPair release = Keys.generate(SignatureAlgorithm.ED25519);
  private final Signer signer = Keys.signer(release);

  @BeforeEach
  void open() throws Exception {
    root = Files.createDirectories(dir.resolve("store"));
    repo = Repository.builder(new FileBlobStore(root)).actor("ci").build();
  }

  private void register(int count) {
    for (int i = 0; i < count; i++) {
      repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes(("model " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8)).build());
    }
  }

  private Path auditEvent(long sequence) {
    return root.resolve("audit/events/" + String.format("%019d", Long.MAX_VALUE - sequence));
  }

  @Test
  void aKeptSignedCheckpointVerifiesWhileTheHistoryOnlyGrows() throws Exception {
    register(3);
    SignedCheckpoint kept = SignedCheckpoint.parse(SignedCheckpoints.sign(repo, signer).toJson());
    register(2);

    RepositoryVerification check = SignedCheckpoints.verify(repo, kept, List.of(release.getPublic()));

    assertThat(check.intact()).as("%s", check.problems()).isTrue();
    assertThat(SignedCheckpoints.latest(repo, List.of(release.getPublic()))).map(SignedCheckpoint::checkpoint)
        .contains(kept.checkpoint());
  }

  @Test
  void removingTheNewestEventsBeforeTheCheckpointIsDetected() throws Exception {
    register(4);
    SignedCheckpoint kept = SignedCheckpoints.sign(repo, signer);
    long newest = kept.checkpoint().sequence();
    // Roll the history back: the newest events the checkpoint covers are deleted, as an
    // attacker with write access to the bucket could; the chain before them stays whole.
    Files.delete(auditEvent(newest + 1)); // the CHECKPOINT_SIGNED event itself
    Files.delete(auditEvent(newest));
    Files.delete(auditEvent(newest - 1));

    RepositoryVerification check = SignedCheckpoints.verify(repo, kept, List.of(release.getPublic()));

    assertThat(check.intact()).isFalse();
    assertThat(check.problems().toString()).contains(kept.checkpoint().toString());
  }

  @Test
  void aForgedOrForeignCheckpointIsRefusedBeforeAnythingIsVerified() throws Exception {
    register(2);
    SignedCheckpoint kept = SignedCheckpoints.sign(repo, signer);
    String json = new String(kept.toJson(), StandardCharsets.UTF_8);
    // Change the signed statement's position: the payload no longer matches the signature.
    String forgedPayload = java.util.Base64.getEncoder().encodeToString(new String(kept.envelope().payload(),
        StandardCharsets.UTF_8).replace("\"sequence\":" + kept.checkpoint().sequence(), "\"sequence\":1")
        .getBytes(StandardCharsets.UTF_8));
    String forged = json.replace(java.util.Base64.getEncoder().encodeToString(kept.envelope().payload()), forgedPayload);
    SignedCheckpoint parsed = SignedCheckpoint.parse(forged.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.checkpoint().sequence()).isEqualTo(1);

    assertThatThrownBy(() -> SignedCheckpoints.verify(repo, parsed, List.of(release.getPublic())))
        .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("not signed by a trusted key");
    assertThatThrownBy(() -> SignedCheckpoints.verify(repo, kept,
        List.of(Keys.generate(SignatureAlgorithm.ED25519).getPublic()))).isInstanceOf(SignatureVerificationException.class);
    Repository other = Repository.builder(new FileBlobStore(Files.createDirectories(dir.resolve("other")))).build();
    assertThatThrownBy(() -> SignedCheckpoints.verify(other, kept, List.of(release.getPublic())))
        .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("it was signed for");
  }
}
