package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.util.List;
import java.util.UUID;

/**
 * The real bucket the opt-in tests use, from environment variables: {@code PEDIGREE_S3_TEST_BUCKET}
 * (required: the tests are skipped without it), and optionally {@code PEDIGREE_S3_TEST_REGION},
 * {@code PEDIGREE_S3_TEST_ENDPOINT} and {@code PEDIGREE_S3_TEST_PATH_STYLE} for an S3-compatible
 * store. Credentials come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, or {@code AWS_PROFILE}). Every store gets a fresh random prefix
 * under {@code pedigree-test/}, which {@link #deleteAll} empties.
 */
final class RealS3 {
  static final String BUCKET_VARIABLE = "PEDIGREE_S3_TEST_BUCKET";

  private RealS3() {
  }

  /** Opens a store on a fresh prefix of the test bucket through {@code BlobStores.open}. */
  static BlobStore openFreshStore() {
    StringBuilder uri = new StringBuilder("s3://").append(System.getenv(BUCKET_VARIABLE))
        .append("/pedigree-test/").append(UUID.randomUUID());
    String separator = "?";
    for (String[] option : List.of(new String[] {"region", "PEDIGREE_S3_TEST_REGION"},
        new String[] {"endpoint", "PEDIGREE_S3_TEST_ENDPOINT"}, new String[] {"pathStyle", "PEDIGREE_S3_TEST_PATH_STYLE"})) {
      String value = System.getenv(option[1]);
      if (value != null && !value.isBlank()) {
        uri.append(separator).append(option[0]).append('=').append(value.trim());
        separator = "&";
      }
    }
    return BlobStores.open(uri.toString());
  }

  /** Deletes every key of a store (its prefix), then closes it. */
  static void deleteAll(BlobStore store) {
    try (store) {
      for (BlobInfo info : store.listAll("").toList()) {
        store.delete(info.key());
      }
    }
  }
}
