package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import org.junit.jupiter.api.Test;

/**
 * The documented CI command passes {@code --repo s3://…} or {@code --repo gs://…}: both schemes
 * must resolve on the samples' class path (opening contacts no bucket).
 */
class CloudReposTest {
  @Test
  void theS3AndGcsSchemesOpenOnTheSamplesClassPath() throws Exception {
    try (BlobStore s3 = BlobStores.open("s3://ml-artifacts/churn?region=eu-west-1");
         BlobStore gcs = BlobStores.open("gs://ml-artifacts/churn?project=test&credentials=none")) {
      assertThat(s3.location().getScheme()).isEqualTo("s3");
      assertThat(gcs.location().getScheme()).isEqualTo("gs");
    }
  }
}
