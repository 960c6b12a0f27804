package dev.pedigree.invariants;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.LineageExports;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.Runs;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to the public API of the registry, runs, lineage, refs and audit packages are
 * refused with an {@link InvalidRequestException} whose message says what was refused, why and
 * what to do, never with a bare NullPointerException, IllegalArgumentException or
 * IllegalStateException, and before anything is written.
 */
class ArgumentChecksTest {
  private static final RefName REF = RefName.of("artifacts/m/aliases/production");
  private static final Digest D = Digest.of("x".getBytes(UTF_8));
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private MemoryBlobStore store;
  private Repository repo;
  private ArtifactVersion version;

  /** A public call with one bad argument, and the exact message it must be refused with. */
  private record Call(String name, String message, Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  private interface Action {
    void run(ArgumentChecksTest test) throws Exception;
  }

  private static String missing(String what) {
    return "Cannot accept a null " + what + ": it is required; pass a value";
  }

  @BeforeEach
  void open() {
    store = new MemoryBlobStore();
    repo = Repository.builder(store).actor("tester").build();
    version = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes("v1".getBytes(UTF_8)).build());
  }

  @AfterEach
  void close() {
    repo.close();
  }

  static Stream<Call> nullArguments() {
    VersionId id = new VersionId("m", 1);
    return Stream.of(
        new Call("register(null)", missing("request"), t -> t.artifacts().register(null)),
        new Call("version(null)", missing("version id"), t -> t.artifacts().version(null)),
        new Call("findVersion(null)", missing("version id"), t -> t.artifacts().findVersion(null)),
        new Call("resolve((ArtifactRef) null)", missing("reference"), t -> t.artifacts().resolve((ArtifactRef) null)),
        new Call("list(null)", missing("name prefix"), t -> t.artifacts().list(null)),
        new Call("list(\"\", null)", missing("kind"), t -> t.artifacts().list("", null)),
        new Call("versions(m, null, null)", missing("query"), t -> t.artifacts().versions("m", null, null)),
        new Call("move(null)", missing("move"), t -> t.artifacts().move(null)),
        new Call("setTag(null, ...)", missing("version id"), t -> t.artifacts().setTag(null, "stage", "gold")),
        new Call("setTag(id, stage, null)", missing("tag value"), t -> t.artifacts().setTag(id, "stage", null)),
        new Call("removeTag(id, null)", missing("tag name"), t -> t.artifacts().removeTag(id, null)),
        new Call("delete(null, reason)", missing("version id"), t -> t.artifacts().delete(null, "why")),
        new Call("deletion(null)", missing("version id"), t -> t.artifacts().deletion(null)),
        new Call("open(null)", missing("version"), t -> t.artifacts().open(null)),
        new Call("open(version, null)", missing("path"), t -> t.artifacts().open(t.version, null)),
        new Call("copyTo(version, null)", missing("target file"), t -> t.artifacts().copyTo(t.version, null)),
        new Call("checkout(null, dir)", missing("version"), t -> t.artifacts().checkout(null, Path.of("out"))),
        new Call("checkout(version, null)", missing("target directory"), t -> t.artifacts().checkout(t.version, null)),
        new Call("manifest(null)", missing("version"), t -> t.artifacts().manifest(null)),
        new Call("runs().start(job, null)", missing("code version"), t -> t.runs().start("train", null)),
        new Call("runs().run(null)", missing("run id"), t -> t.runs().run(null)),
        new Call("runs().find(null)", missing("run id"), t -> t.runs().find(null)),
        new Call("runs().delete(null, reason)", missing("run id"), t -> t.runs().delete(null, "why")),
        new Call("runs().deletion(null)", missing("run id"), t -> t.runs().deletion(null)),
        new Call("runs().consumersOf(null)", missing("version id"), t -> t.runs().consumersOf(null)),
        new Call("runs().importLineage([null])", missing("run to import"),
            t -> t.runs().importLineage(Arrays.asList((Run) null))),
        new Call("run.input((ArtifactVersion) null)", missing("version"), t -> {
          try (ActiveRun run = t.runs().start("train", CodeVersion.unknown())) {
            run.input((ArtifactVersion) null);
          }
        }),
        new Call("run.fail(null)", missing("error"), t -> {
          try (ActiveRun run = t.runs().start("train", CodeVersion.unknown())) {
            run.fail(null);
          }
        }),
        new Call("LineageExports.runId(null)", missing("run"), t -> LineageExports.runId(null)),
        new Call("lineage().upstream(null)", missing("version"), t -> t.repo.lineage().upstream(null)),
        new Call("audit().events(null)", missing("query"), t -> t.repo.audit().events(null)),
        new Call("AuditQuery.artifact(null)", missing("artifact name"), t -> AuditQuery.all().artifact(null)),
        new Call("AuditQuery.type(null)", missing("event type"), t -> AuditQuery.all().type(null)),
        new Call("new AuditLog(null, clock)", missing("store"), t -> new AuditLog(null, Clock.systemUTC())),
        new Call("new RefStore(null)", missing("store"), t -> new RefStore(null)),
        new Call("refs.head(null)", missing("ref name"), t -> new RefStore(t.store).head(null)),
        new Call("refs.update(null)", missing("update"), t -> new RefStore(t.store).update(null)),
        new Call("refs.history(null)", missing("ref name"), t -> new RefStore(t.store).history(null)),
        new Call("refs.list(null)", missing("name prefix"), t -> new RefStore(t.store).list(null)),
        new Call("RefUpdate.of(null)", missing("name"), t -> RefUpdate.of(null)),
        new Call("RefUpdate.Builder.actor(null)", missing("actor"), t -> RefUpdate.of(REF).actor(null)),
        new Call("RefUpdate.Builder.expect(null)", missing("value"), t -> RefUpdate.of(REF).expect((Optional<Digest>) null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullArguments")
  void aNullArgumentIsATypedRefusal(Call call) {
    long keys = store.listAll("").count();
    assertThatThrownBy(() -> call.action().run(this)).as(call.name()).isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessage(call.message());
    // Nothing was written, not even by the calls that start a run before they pass it a null.
    if (!call.name().startsWith("run.")) {
      assertThat(store.listAll("").count()).as(call.name()).isEqualTo(keys);
    }
  }

  @Test
  void outOfRangeValuesAndRepeatedSettingsAreTypedRefusals() {
    assertThatThrownBy(() -> new RefEntry(REF, 0, Optional.empty(), Optional.of(D), T, "a", "r", Map.of(), "id", "",
        "h")).isExactlyInstanceOf(InvalidRequestException.class).hasMessage("Cannot make entry 0 of ref '" + REF
            + "': entries are numbered from 1; give a sequence of 1 or more");
    assertThatThrownBy(() -> new AuditEvent(-3, T, "a", AuditEventType.CUSTOM, "s", Map.of(), "", "h"))
        .isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot make audit event -3: events are numbered from 1; give a sequence of 1 or more");
    assertThatThrownBy(() -> new AuditEvent(1, T, "a", AuditEventType.CUSTOM, "s", null, "", "h"))
        .isExactlyInstanceOf(InvalidRequestException.class).hasMessage(missing("details"));
    assertThatThrownBy(() -> new RefStore(store).update(REF, current -> null, "a", "r"))
        .isExactlyInstanceOf(InvalidRequestException.class).hasMessage("Cannot update ref '" + REF
            + "': the change function returned null; return Optional.empty() to delete the ref");
    assertThatThrownBy(() -> RefUpdate.of(REF).reason("a").reason("b"))
        .isExactlyInstanceOf(InvalidRequestException.class).hasMessage("Cannot set the reason of an update of ref '"
            + REF + "' twice: it was already set to 'a'; give it once");
    assertThatThrownBy(() -> repo.audit().append(AuditEventType.CUSTOM, "s", "a", null))
        .isExactlyInstanceOf(InvalidRequestException.class).hasMessage(missing("details"));
  }

  private ArtifactRegistry artifacts() {
    return repo.artifacts();
  }

  private Runs runs() {
    return repo.runs();
  }
}
