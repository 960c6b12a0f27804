package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Listing is ListObjectsV2 under the store's prefix, paged with startAfter. */
class S3ListingTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static String bucket;
  private static S3BlobStore store;
  private static S3BlobStore sibling;

  @BeforeAll
  static void open() {
    bucket = S3.createBucket();
    store = new S3BlobStore(S3.client(), bucket, "team/a");
    sibling = new S3BlobStore(S3.client(), bucket, "team/ab");
    for (int i = 1; i <= 25; i++) {
      store.write(BlobKey.of(String.format("refs/x/%04d", i)), BlobSource.ofBytes(new byte[i]));
    }
    store.write(BlobKey.of("objects/1"), BlobSource.ofBytes(new byte[1]));
    sibling.write(BlobKey.of("refs/x/0001"), BlobSource.ofBytes(new byte[99]));
    // Keys that are not valid BlobKeys, as a console's "create folder" makes: never listed.
    for (String raw : List.of("team/a/junk/0/", "team/a/junk/1/", "team/a/junk/2/", "team/a/junk/3/")) {
      S3.client().putObject(b -> b.bucket(bucket).key(raw), RequestBody.empty());
    }
    store.write(BlobKey.of("junk/z"), BlobSource.ofBytes(new byte[3]));
  }

  @AfterAll
  static void close() {
    store.close();
    sibling.close();
  }

  @Test
  void pagesThroughAPrefixInOrderWithStartAfter() {
    List<BlobInfo> all = new ArrayList<>();
    BlobKey after = null;
    int pages = 0;
    while (true) {
      BlobPage page = store.list("refs/x/", after, 7);
      pages++;
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(7);
      all.addAll(page.entries());
      if (!page.hasMore()) {
        break;
      }
      assertThat(page.nextStartAfter()).contains(page.entries().get(page.entries().size() - 1).key());
      after = page.nextStartAfter().orElseThrow();
    }
    assertThat(pages).isEqualTo(4);
    assertThat(all).extracting(info -> info.key().value())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(i -> String.format("refs/x/%04d", i)).toList());
    assertThat(all).extracting(BlobInfo::size).containsExactlyElementsOf(
        IntStream.rangeClosed(1, 25).mapToObj(i -> (long) i).toList());
  }

  @Test
  void theLastFullPageSaysWhetherMoreFollow() {
    BlobPage page = store.list("refs/x/", BlobKey.of("refs/x/0020"), 5);
    assertThat(page.entries()).extracting(i -> i.key().value()).containsExactly(
        "refs/x/0021", "refs/x/0022", "refs/x/0023", "refs/x/0024", "refs/x/0025");
    assertThat(page.hasMore()).isFalse();
    assertThat(store.list("refs/x/", BlobKey.of("refs/x/0025"), 5)).isEqualTo(new BlobPage(List.of(), Optional.empty()));
  }

  @Test
  void aStartAfterBeforeThePrefixStartsAtItsFirstKey() {
    assertThat(store.list("refs/", BlobKey.of("objects/9"), 2).entries()).extracting(i -> i.key().value())
        .containsExactly("refs/x/0001", "refs/x/0002");
  }

  @Test
  void listsOnlyThisStoresKeysWithThePrefixStripped() {
    assertThat(store.listAll("").map(i -> i.key().value()).toList())
        .hasSize(27)
        .startsWith("junk/z", "objects/1", "refs/x/0001")
        .noneMatch(k -> k.startsWith("team/"));
    assertThat(sibling.listAll("").toList()).containsExactly(new BlobInfo(BlobKey.of("refs/x/0001"), 99));
  }

  @Test
  void aPageOfKeysThatAreNotBlobKeysIsSkipped() {
    BlobPage page = store.list("junk/", null, 3);
    assertThat(page.entries()).containsExactly(new BlobInfo(BlobKey.of("junk/z"), 3));
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void aPartialSegmentPrefixMatches() {
    assertThat(store.listAll("refs/x/001").map(i -> i.key().value()).toList())
        .containsExactly("refs/x/0010", "refs/x/0011", "refs/x/0012", "refs/x/0013", "refs/x/0014",
            "refs/x/0015", "refs/x/0016", "refs/x/0017", "refs/x/0018", "refs/x/0019");
  }

  @Test
  void aStoreAtTheBucketRootListsWholeKeys() {
    try (S3BlobStore root = new S3BlobStore(S3.client(), bucket, "")) {
      assertThat(root.list("team/ab/", null, 10).entries())
          .containsExactly(new BlobInfo(BlobKey.of("team/ab/refs/x/0001"), 99));
      assertThat(root.location().toString()).isEqualTo("s3://" + bucket + "/");
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> store.list("refs/", null, 0)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot list keys in s3://" + bucket + "/team/a: maxKeys must be at least 1, was 0; ask for one key or more");
    assertThatThrownBy(() -> store.list("/abs", null, 10)).isInstanceOf(InvalidNameException.class);
  }
}
