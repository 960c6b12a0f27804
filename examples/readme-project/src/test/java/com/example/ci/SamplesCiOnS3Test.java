package com.example.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.VerifyOptions;
import dev.pedigree.samples.churn.ChurnSample;
import dev.pedigree.storage.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented CI command, one week per run as separate CI jobs would call it, against a real
 * S3 protocol server on loopback (S3Proxy) through an {@code s3://} repository URI: each run opens
 * the bucket afresh and finds what the previous weeks left there.
 */
class SamplesCiOnS3Test {
  @TempDir
  Path dir;

  private String previousKey;
  private String previousSecret;

  @BeforeEach
  void credentials() {
    // The AWS SDK's default chain reads these, as a CI job's secrets would be read from its environment.
    S3ProxyServer s3 = S3ProxyServer.shared();
    previousKey = System.setProperty("aws.accessKeyId", s3.accessKey());
    previousSecret = System.setProperty("aws.secretAccessKey", s3.secretKey());
  }

  @AfterEach
  void restore() {
    restore("aws.accessKeyId", previousKey);
    restore("aws.secretAccessKey", previousSecret);
  }

  @Test
  void weeklyCiJobsShareOneBucketAndTheGateFailsTheRejectedWeek() throws Exception {
    S3ProxyServer s3 = S3ProxyServer.shared();
    String repo = s3.uri(s3.createBucket(), "teams/churn");
    Path summary = dir.resolve("step-summary.md");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", summary.toString());

    assertThat(ci(repo, 1, env)).isZero();
    assertThat(ci(repo, 2, env)).isZero();
    String week3 = printed(repo, 3, env, 1);

    assertThat(Files.readString(summary)).contains("## Week 2 — healthy: ✅ PROMOTED")
        .contains("## Week 3 — contract codes swapped upstream: ❌ REJECTED_BY_GATE");
    assertThat(week3).contains("repository: " + repo).contains("REJECTED by the gate; production unchanged")
        .contains("IDENTICAL reproduced churn-model:2 bit for bit");
    try (Repository opened = Repository.open(repo)) {
      assertThat(opened.artifacts().aliases("churn-model")).containsEntry("production", 2);
      assertThat(opened.verify(VerifyOptions.full()).problems()).isEmpty();
    }
  }

  private int ci(String repo, int week, Map<String, String> env) {
    return ChurnSample.run(args(repo, week), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        env);
  }

  private String printed(String repo, int week, Map<String, String> env, int expectedStatus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = ChurnSample.run(args(repo, week), new PrintStream(out, true, StandardCharsets.UTF_8), env);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(text).isEqualTo(expectedStatus);
    return text;
  }

  private String[] args(String repo, int week) {
    return new String[] {"--ci", "--week", Integer.toString(week), "--repo", repo, "--out",
        dir.resolve("ci-out").toString(), "--reports", dir.resolve("reports").toString()};
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }
}
