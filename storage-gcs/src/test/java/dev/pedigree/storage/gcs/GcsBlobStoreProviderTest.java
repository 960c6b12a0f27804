package dev.pedigree.storage.gcs;

import static dev.pedigree.storage.gcs.GcsBlobStoreTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opening {@code gs://} locations through {@link BlobStores}, and the URI rules. */
class GcsBlobStoreProviderTest {
  private static GcsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void theGsSchemeIsFoundOnTheClassPath() {
    assertThat(BlobStores.schemes()).contains("gs");
    assertThat(new GcsBlobStoreProvider().scheme()).isEqualTo("gs");
  }

  @Test
  void aLocationWithAnEndpointOpensAStoreOnThatServer() throws IOException {
    String location = "gs://" + GcsFixture.BUCKET + "/team/repo?endpoint=" + fixture.server.endpoint()
        + "&project=test&credentials=none";
    try (BlobStore store = BlobStores.open(location)) {
      assertThat(store).isInstanceOf(GcsBlobStore.class);
      assertThat(store.createIfAbsent(BlobKey.of("refs/x"), BlobSource.ofBytes(utf8("v")))).isEqualTo(CreateResult.CREATED);
      assertThat(store.location()).isEqualTo(URI.create("gs://" + GcsFixture.BUCKET + "/team/repo/?endpoint="
          + fixture.server.endpoint() + "&project=test&credentials=none"));
      // The location opens the same store again.
      try (BlobStore again = BlobStores.open(store.location())) {
        try (InputStream in = again.read(BlobKey.of("refs/x"))) {
          assertThat(in.readAllBytes()).isEqualTo(utf8("v"));
        }
      }
    }
    assertThat(fixture.server.objectNames(GcsFixture.BUCKET)).contains("team/repo/refs/x");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "gs://bucket-1|bucket-1|''",
      "gs://bucket-1/|bucket-1|''",
      "gs://bucket-1/a|bucket-1|a/",
      "gs://bucket-1/a/b/|bucket-1|a/b/",
      "GS://my_bucket.example.com/x|my_bucket.example.com|x/",
  })
  void bucketAndPrefixAreReadFromTheUri(String uri, String bucket, String prefix) {
    GcsLocation location = GcsLocation.parse(URI.create(uri));
    assertThat(location.bucket()).isEqualTo(bucket);
    assertThat(location.prefix()).isEqualTo(prefix);
    assertThat(location.endpoint()).isNull();
    assertThat(location.project()).isNull();
    assertThat(location.anonymous()).isFalse();
    assertThat(GcsLocation.parse(location.toUri())).isEqualTo(location);
  }

  @Test
  void optionsAreReadAndNormalized() {
    GcsLocation location = GcsLocation.parse(URI.create(
        "gs://b-1/p?ENDPOINT=HTTP://127.0.0.1:4443/&project=my-project&credentials=none"));
    assertThat(location.endpoint()).isEqualTo("http://127.0.0.1:4443");
    assertThat(location.project()).isEqualTo("my-project");
    assertThat(location.anonymous()).isTrue();
    assertThat(location.toUri()).isEqualTo(URI.create("gs://b-1/p/?endpoint=http://127.0.0.1:4443&project=my-project&credentials=none"));
    assertThat(GcsLocation.parse(URI.create("gs://b-1/p?endpoint=http%3A%2F%2Flocalhost%3A9000")).endpoint())
        .isEqualTo("http://localhost:9000");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "gs:bucket|Cannot open store 'gs:...': it names no bucket; write it as gs://bucket/prefix",
      "gs:///prefix|Cannot open store 'gs:///prefix': it names no bucket; write it as gs://bucket/prefix",
      "gs://Upper/p|Cannot open store 'gs://Upper/p': 'Upper' is not a valid bucket name; use 3 to 222 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
      "gs://ab/p|Cannot open store 'gs://ab/p': 'ab' is not a valid bucket name; use 3 to 222 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
      "gs://bucket:443/p|Cannot open store 'gs://bucket:443/p': its bucket part holds a user or a port; give only the bucket name after gs://, and an emulator's address as ?endpoint=",
      "gs://bucket/p#frag|Cannot open store 'gs://bucket/p': it has a fragment ('#frag'); remove it",
      "gs://bucket/a/../b|Cannot open store 'gs://bucket/a/../b': prefix 'a/../b' is not valid key text",
      "gs://bucket/a//b|Cannot open store 'gs://bucket/a//b': prefix 'a//b' is not valid key text",
      "gs://bucket/p?region=x|Cannot open store 'gs://bucket/p': option 'region' is unknown; use only credentials, endpoint, project, singlewriter",
      "gs://bucket/p?project=a&project=b|Cannot open store 'gs://bucket/p': option 'project' is given twice; give it once",
      "gs://bucket/p?project=|Cannot open store 'gs://bucket/p': option 'project' is empty; give it a value or leave it out",
      "gs://bucket/p?project|Cannot open store 'gs://bucket/p': option 'project' has no value; write options as name=value, such as ?project=my-project",
      "gs://bucket/p?project=Bad_Project|Cannot open store 'gs://bucket/p': project 'Bad_Project' is not a valid project id; use the lower-case id shown by 'gcloud projects list'",
      "gs://bucket/p?credentials=file|Cannot open store 'gs://bucket/p': credentials 'file' is not 'default' or 'none'; use credentials=default (application-default credentials) or credentials=none (an emulator)",
      "gs://bucket/p?endpoint=ftp://host|Cannot open store 'gs://bucket/p': endpoint 'ftp://host' is not an http or https URL with a host; use a URL such as http://127.0.0.1:4443 or https://storage.googleapis.com",
      "gs://bucket/p?endpoint=http://host/path|Cannot open store 'gs://bucket/p': endpoint 'http://host...' has a user, path, query or fragment; give only scheme, host and port, such as http://127.0.0.1:4443",
      "gs://bucket/p?endpoint=http://host:99999|Cannot open store 'gs://bucket/p': endpoint 'http://host...' has no valid port; give a port from 1 to 65535, such as http://127.0.0.1:4443",
      "gs://bucket/p?endpoint=http://host:0|Cannot open store 'gs://bucket/p': endpoint 'http://host...' has no valid port",
      "gs://bucket/p?endpoint=http://host:|Cannot open store 'gs://bucket/p': endpoint 'http://host...' has no valid port",
      "gs://bucket/p?singleWriter=maybe|Cannot open store 'gs://bucket/p': singleWriter 'maybe' is not 'true' or 'false'",
  })
  void badLocationsAreRefusedWithExactMessages(String uri, String message) {
    assertThatThrownBy(() -> BlobStores.open(uri)).isInstanceOf(BackendConfigurationException.class).hasMessageStartingWith(message);
  }

  @Test
  void messagesNeverRepeatUserInformationFromTheUri() {
    assertThatThrownBy(() -> BlobStores.open("gs://user:hunter2@bucket/p"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot open store 'gs://bucket/p': its bucket part holds a user or a port; give only the bucket name "
            + "after gs://, and an emulator's address as ?endpoint=")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> BlobStores.open("gs://bucket/p?endpoint=http://user:hunter2@host"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aStoreClosesTheClientOnlyWhenItMadeIt() {
    int[] closes = new int[1];
    Storage counting = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            closes[0]++;
            return null;
          }
          return method.invoke(fixture.storage, args);
        });
    new GcsBlobStore(counting, GcsFixture.BUCKET, "given").close();
    assertThat(closes[0]).isZero();
    new GcsBlobStore(counting, GcsFixture.BUCKET, "owned", null, true, GcsBlobStore.DEFAULT_SINGLE_REQUEST_LIMIT,
        GcsBlobStore.DEFAULT_CHUNK_SIZE, false).close();
    assertThat(closes[0]).isEqualTo(1);
  }

  @Test
  void anEndpointWithCredentialsInItIsNotEchoed() {
    assertThatThrownBy(() -> BlobStores.open("gs://bucket/p?endpoint=ftp://user:hunter2@host"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageStartingWith("Cannot open store 'gs://bucket/p': endpoint 'ftp://host' is not an http or https URL")
        .hasMessageNotContaining("hunter2");
  }
}
