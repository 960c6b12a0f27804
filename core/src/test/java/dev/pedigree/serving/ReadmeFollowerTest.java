package dev.pedigree.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's follower snippet. */
class ReadmeFollowerTest {
  @TempDir
  Path temp;

  /** A stand-in model: scores are the length of the request times a weight read from the file. */
  record Scorer(double weight) {
    static Scorer load(Path file) throws IOException {
      return new Scorer(Double.parseDouble(Files.readString(file).trim()));
    }

    double score(String request) {
      return weight * request.length();
    }
  }

  @Test
  void theFollowerSnippetServesTheApprovedHolderAndRefusesAnUnapprovedOne() throws Exception {
    Path cache = temp.resolve("cache");
    List<String> alerts = new CopyOnWriteArrayList<>();
    String request = "tenure=3";
    double score;
    try (Repository repo = Repository.open(temp.resolve("repo").toString())) {
      Path weights = Files.writeString(temp.resolve("model.txt"), "0.5");
      ArtifactVersion first = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .file(weights).tag("approved-by", "ana").build());
      repo.artifacts().moveAlias("churn-model", "production", first.number(), "first");
      // snippet:follower
      try (AliasFollower<Scorer> follower = AliasFollower.builder(repo, "churn-model@production",
              (version, file) -> Scorer.load(file))          // a file version; a directory version gets its folder
          .pollInterval(Duration.ofSeconds(5))
          .cacheDirectory(cache)                             // versions are checked out and verified here
          .verifier((version, content) -> version.tags().containsKey("approved-by")
              ? Verification.accept() : Verification.refuse("nobody approved " + version.id()))
          .listener(new FollowerListener<>() {
            @Override public void refused(ArtifactVersion version, String reason) { alerts.add(reason); }
          })
          .start()) {
        follower.awaitModel(Duration.ofSeconds(30));         // at start-up: wait for a first version
        score = follower.model().score(request);             // per request: one volatile read
      }
      // end-snippet
      assertThat(score).isEqualTo(4.0);

      ArtifactVersion unapproved = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("9".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
      repo.artifacts().moveAlias("churn-model", "production", unapproved.number(), "unreviewed");
      CountDownLatch refusal = new CountDownLatch(1);
      try (AliasFollower<Scorer> follower = AliasFollower.builder(repo, "churn-model@production",
              (version, file) -> Scorer.load(file))
          .verifier((version, content) -> version.tags().containsKey("approved-by")
              ? Verification.accept() : Verification.refuse("nobody approved " + version.id()))
          .listener(new FollowerListener<>() {
            @Override public void refused(ArtifactVersion version, String reason) {
              alerts.add(reason);
              refusal.countDown();
            }
          })
          .start()) {
        assertThat(refusal.await(60, TimeUnit.SECONDS)).as("the follower refused the unapproved version").isTrue();
        assertThat(follower.current()).isEmpty();
      }
      assertThat(alerts).containsExactly("the verifier refused it: nobody approved churn-model:2");
    }
  }
}
