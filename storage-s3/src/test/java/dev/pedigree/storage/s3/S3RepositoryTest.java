package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole repository on S3, opened from an {@code s3://} URI as users do: versions, alias moves,
 * a rollback and the audit log, then the same state seen by a second repository instance (as
 * another machine would open it).
 */
class S3RepositoryTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static String uri;

  @BeforeAll
  static void credentials() {
    uri = S3.uri(S3.createBucket(), "teams/churn");
    System.setProperty("aws.accessKeyId", S3.accessKey());
    System.setProperty("aws.secretAccessKey", S3.secretKey());
  }

  @AfterAll
  static void forget() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void aRepositoryOnABucketIsSharedByEveryoneWhoOpensIt() throws Exception {
    try (Repository repo = Repository.open(uri)) {
      for (int i = 1; i <= 3; i++) {
        ArtifactVersion version = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
            .bytes(("model " + i).getBytes(UTF_8)).metric("auc", 0.8 + i / 100.0).build());
        assertThat(version.number()).isEqualTo(i);
        repo.artifacts().moveAlias("churn-model", "production", i, "release " + i);
      }
      repo.artifacts().rollback("churn-model", "production", "release 3 misbehaves");
    }

    try (Repository elsewhere = Repository.open(uri)) {
      ArtifactVersion production = elsewhere.artifacts().resolve("churn-model@production");
      assertThat(production.number()).isEqualTo(2);
      try (InputStream in = elsewhere.artifacts().open(production)) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("model 2");
      }
      assertThat(elsewhere.artifacts().aliasHistory("churn-model", "production")).hasSize(4);
      assertThat(elsewhere.audit().verify().intact()).isTrue();
      assertThat(elsewhere.verify().intact()).isTrue();
    }
  }
}
