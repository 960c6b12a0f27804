package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each bad request is a typed exception that says what to do, and changes nothing stored. */
class BadInputTest {
  private final MemoryBlobStore store = new MemoryBlobStore();
  private final Repository repo = Repository.builder(store).actor("tester").build();
  private final ArtifactRegistry registry = repo.artifacts();

  private ArtifactVersion model(String text) {
    return registry.register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(text.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Every key with its size: any new object, ref entry or audit event changes it. */
  private Map<String, Long> snapshot() {
    Map<String, Long> keys = new TreeMap<>();
    store.listAll("").forEach((BlobInfo info) -> keys.put(info.key().value(), info.size()));
    return keys;
  }

  private void assertUnchangedAfter(ThrowingCallable call, Class<? extends RuntimeException> type, String... hints) {
    Map<String, Long> before = snapshot();
    var thrown = assertThatThrownBy(call).isInstanceOf(type).hasMessageStartingWith("Cannot ");
    for (String hint : hints) {
      thrown.hasMessageContaining(hint);
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void validReferencesParse() {
    assertThat(ArtifactRef.parse("churn-model@production")).isEqualTo(ArtifactRef.alias("churn-model", "production"));
    assertThat(ArtifactRef.parse("churn-model:7")).isEqualTo(ArtifactRef.version("churn-model", 7));
    assertThat(ArtifactRef.parse("churn-model")).isEqualTo(ArtifactRef.latest("churn-model"));
    assertThat(ArtifactRef.parse("a.b_c-1:123456789").version()).isEqualTo(OptionalInt.of(123456789));
    assertThat(ArtifactRef.parse("churn-model@production").toString()).isEqualTo("churn-model@production");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@production", "churn-model@", "churn-model:", ":7", "churn-model:0", "churn-model:-1",
      "churn-model:7x", "churn-model:1234567890", "churn-model:7@production", "churn-model@prod@x", "churn model",
      "../etc", ".hidden", "-dash", "a/b", "churn-model@pro duction", "churn\nmodel", "caf\u00e9",
      "churn-model::7", "churn-model:+7"})
  void malformedReferencesAreInvalidNames(String text) {
    assertThatThrownBy(() -> ArtifactRef.parse(text)).isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot ").hasMessageMatching("(?s).*(write|use|give|start at).*");
  }

  @Test
  void aNullReferenceIsAnInvalidName() {
    assertThatThrownBy(() -> ArtifactRef.parse(null)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> new ArtifactRef("m", OptionalInt.of(1), Optional.of("prod")))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("give one of them");
  }

  @Test
  void referencesToMissingThingsSayWhatExists() {
    model("one");
    registry.moveAlias("churn-model", "production", 1, "first");
    assertUnchangedAfter(() -> registry.resolve("churn-model:5"), ArtifactNotFoundException.class,
        "no version 5", "the latest is 1");
    assertUnchangedAfter(() -> registry.resolve("churn-model@staging"), ArtifactNotFoundException.class,
        "no alias 'staging'", "its aliases are [production]");
    assertUnchangedAfter(() -> registry.resolve("no-such-model"), ArtifactNotFoundException.class,
        "no artifact named 'no-such-model'", "artifacts().list");
    assertThatThrownBy(() -> registry.resolve("churn-model:5"))
        .isInstanceOfSatisfying(ArtifactNotFoundException.class, e -> assertThat(e.reference()).isEqualTo("churn-model:5"));
    assertThat(registry.alias("churn-model", "staging")).isEmpty();
  }

  @Test
  void movingAnAliasToAMissingVersionChangesNothing() {
    model("one");
    registry.moveAlias("churn-model", "production", 1, "first");
    assertUnchangedAfter(() -> registry.moveAlias("churn-model", "production", 9, "typo"),
        ArtifactNotFoundException.class, "no version 9");
    assertUnchangedAfter(() -> registry.moveAlias("churn-model", "Bad Alias", 1, "x"), InvalidNameException.class,
        "alias name");
    assertThat(registry.aliasHistory("churn-model", "production")).hasSize(1);
  }

  @Test
  void rollbackWithoutAPreviousHolderSaysWhatToDoAndChangesNothing() {
    model("one");
    assertUnchangedAfter(() -> registry.rollback("churn-model", "production", "panic"),
        RollbackUnavailableException.class, "the alias does not exist", "move it to a version first");
    registry.moveAlias("churn-model", "production", 1, "first");
    assertUnchangedAfter(() -> registry.rollback("churn-model", "production", "panic"),
        RollbackUnavailableException.class, "only version 1", "rollbackTo");
    assertUnchangedAfter(() -> registry.rollbackTo("churn-model", "production", 4, "panic"),
        ArtifactNotFoundException.class, "no version 4");
    assertThat(registry.resolve("churn-model@production").number()).isEqualTo(1);
  }

  @Test
  void registeringIntoAnArtifactOfAnotherKindLeavesNoTrace() {
    model("one");
    assertUnchangedAfter(() -> registry.register(NewVersion.of("churn-model", ArtifactKind.DATASET)
            .bytes("brand new content".getBytes(StandardCharsets.UTF_8)).build()),
        InvalidRequestException.class, "holds MODEL versions", "use kind MODEL");
    assertThat(registry.latest("churn-model").orElseThrow().number()).isEqualTo(1);
  }

  @Test
  void invalidNamesAreRejectedBeforeAnythingIsWritten() {
    Map<String, Long> before = snapshot();
    assertThatThrownBy(() -> NewVersion.of("churn model", ArtifactKind.MODEL)).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("such as 'churn-model'");
    assertThatThrownBy(() -> NewVersion.of("../escape", ArtifactKind.MODEL)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> registry.latest("a/b")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> VersionId.parse("churn-model")).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("needs a version number");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void registeringStoredContentThatIsMissingChangesNothing() {
    model("one");
    assertUnchangedAfter(() -> registry.register(NewVersion.of("churn-model", ArtifactKind.MODEL)
            .stored(dev.pedigree.objects.Digest.of(new byte[] {42}), ContentLayout.FILE).build()),
        ArtifactNotFoundException.class, "ingest the content first");
  }
}
