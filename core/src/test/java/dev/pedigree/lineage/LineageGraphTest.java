package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineageGraphTest {
  private final MemoryBlobStore store = new MemoryBlobStore();
  private final Repository repo = Repository.builder(store).actor("tester").build();

  private ArtifactVersion registerPlain(String name, ArtifactKind kind, String text) {
    return repo.artifacts().register(NewVersion.of(name, kind).bytes(text.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Runs a job that reads the inputs and registers one output per (name, kind) pair. */
  private List<ArtifactVersion> run(String job, List<ArtifactVersion> inputs, Object... outputs) {
    try (ActiveRun run = repo.runs().start(job, CodeVersion.of("test"))) {
      inputs.forEach(run::input);
      List<ArtifactVersion> written = new java.util.ArrayList<>();
      for (int i = 0; i < outputs.length; i += 2) {
        written.add(run.register(NewVersion.of((String) outputs[i], (ArtifactKind) outputs[i + 1])
            .bytes((job + i + System.nanoTime()).getBytes(StandardCharsets.UTF_8)).build()));
      }
      run.succeed();
      return written;
    }
  }

  private static VersionId id(String text) {
    return VersionId.parse(text);
  }

  private static List<String> keys(List<LineageNode> nodes) {
    return nodes.stream().map(n -> n instanceof LineageNode.RunNode r ? "run:" + r.job() : n.key()).toList();
  }

  private static List<String> edges(LineageView view) {
    return view.edges().stream().map(e -> name(e.from()) + (e.type() == LineageEdge.Type.INPUT_OF ? " in> " : " out> ")
        + name(e.to())).sorted().toList();
  }

  private static String name(LineageNode node) {
    return node instanceof LineageNode.RunNode r ? r.job() : node.label();
  }

  /** raw-customers:1 + raw-events:1 -prepare-> features:1 -train-> churn-model:1; evaluate reads both. */
  private void buildPipeline() {
    ArtifactVersion customers = registerPlain("raw-customers", ArtifactKind.DATASET, "c1");
    ArtifactVersion events = registerPlain("raw-events", ArtifactKind.DATASET, "e1");
    ArtifactVersion features = run("prepare", List.of(customers, events), "features", ArtifactKind.FEATURES).get(0);
    ArtifactVersion model = run("train", List.of(features), "churn-model", ArtifactKind.MODEL).get(0);
    run("evaluate", List.of(model, features), "churn-report", ArtifactKind.REPORT);
    ArtifactVersion customers2 = registerPlain("raw-customers", ArtifactKind.DATASET, "c2");
    ArtifactVersion features2 = run("prepare", List.of(customers2, events), "features", ArtifactKind.FEATURES).get(0);
    run("train", List.of(features2), "churn-model", ArtifactKind.MODEL);
  }

  @Test
  void upstreamIsEverythingAVersionWasDerivedFrom() {
    buildPipeline();
    LineageView provenance = repo.lineage().upstream(id("churn-model:1"));
    assertThat(provenance.root().id()).isEqualTo(id("churn-model:1"));
    assertThat(provenance.versions()).containsExactlyInAnyOrder(id("churn-model:1"), id("features:1"),
        id("raw-customers:1"), id("raw-events:1"));
    assertThat(provenance.runs()).extracting(LineageNode.RunNode::job).containsExactlyInAnyOrder("train", "prepare");
    assertThat(provenance.runs()).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
    assertThat(edges(provenance)).containsExactly(
        "features:1 in> train",
        "prepare out> features:1",
        "raw-customers:1 in> prepare",
        "raw-events:1 in> prepare",
        "train out> churn-model:1");
  }

  @Test
  void downstreamAnswersWhichModelsUsedADataset() {
    buildPipeline();
    LineageView impact = repo.lineage().downstream(id("raw-customers:1"));
    List<VersionId> models = impact.versions().stream()
        .filter(v -> repo.artifacts().version(v).kind() == ArtifactKind.MODEL).toList();
    assertThat(models).containsExactly(id("churn-model:1"));
    assertThat(impact.versions()).containsExactlyInAnyOrder(id("raw-customers:1"), id("features:1"),
        id("churn-model:1"), id("churn-report:1"));
    assertThat(edges(impact)).containsExactly(
        "churn-model:1 in> evaluate",
        "evaluate out> churn-report:1",
        "features:1 in> evaluate",
        "features:1 in> train",
        "prepare out> features:1",
        "raw-customers:1 in> prepare",
        "train out> churn-model:1");
    // raw-events:1 fed both preparations, so both models depend on it.
    assertThat(repo.lineage().downstream(id("raw-events:1")).versions())
        .contains(id("churn-model:1"), id("churn-model:2")).doesNotContain(id("raw-customers:2"));
  }

  @Test
  void depthCountsRuns() {
    buildPipeline();
    assertThat(repo.lineage().downstream(id("raw-customers:1"), 0).nodes()).hasSize(1);
    assertThat(repo.lineage().downstream(id("raw-customers:1"), 0).edges()).isEmpty();
    assertThat(repo.lineage().downstream(id("raw-customers:1"), 1).versions())
        .containsExactlyInAnyOrder(id("raw-customers:1"), id("features:1"));
    assertThat(repo.lineage().downstream(id("raw-customers:1"), 2).versions())
        .containsExactlyInAnyOrder(id("raw-customers:1"), id("features:1"), id("churn-model:1"), id("churn-report:1"));
    assertThat(repo.lineage().upstream(id("churn-report:1"), 1).versions())
        .containsExactlyInAnyOrder(id("churn-report:1"), id("churn-model:1"), id("features:1"));
    assertThat(repo.lineage().upstream(id("churn-report:1"), 2).versions())
        .containsExactlyInAnyOrder(id("churn-report:1"), id("churn-model:1"), id("features:1"),
            id("raw-customers:1"), id("raw-events:1"));
    assertThatThrownBy(() -> repo.lineage().upstream(id("churn-report:1"), -1))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be negative");
  }

  @Test
  void pathIsShortestAndFollowsTheDataEitherWayRound() {
    buildPipeline();
    List<String> expected = List.of("version:raw-customers:1", "run:prepare", "version:features:1", "run:train",
        "version:churn-model:1");
    assertThat(keys(repo.lineage().path(id("raw-customers:1"), id("churn-model:1")))).isEqualTo(expected);
    assertThat(keys(repo.lineage().path(id("churn-model:1"), id("raw-customers:1")))).isEqualTo(expected);
    // The report is reachable through train and evaluate, or directly: evaluate read features:1.
    assertThat(keys(repo.lineage().path(id("features:1"), id("churn-report:1"))))
        .containsExactly("version:features:1", "run:evaluate", "version:churn-report:1");
    assertThat(repo.lineage().path(id("raw-customers:2"), id("churn-model:1"))).isEmpty();
    assertThat(repo.lineage().path(id("features:1"), id("features:1"))).containsExactly(
        new LineageNode.VersionNode(id("features:1")));
  }

  @Test
  void missingVersionsAreTypedErrorsAndUntouchedVersionsStandAlone() {
    buildPipeline();
    assertThatThrownBy(() -> repo.lineage().upstream(id("churn-model:9")))
        .isInstanceOf(ArtifactNotFoundException.class).hasMessageContaining("churn-model:9")
        .hasMessageContaining("check the name and number");
    assertThatThrownBy(() -> repo.lineage().path(id("nothing:1"), id("churn-model:1")))
        .isInstanceOf(ArtifactNotFoundException.class);
    LineageView alone = repo.lineage().downstream(id("raw-customers:2"), 0);
    assertThat(alone.nodes()).containsExactly(new LineageNode.VersionNode(id("raw-customers:2")));
    ArtifactVersion lonely = registerPlain("lonely", ArtifactKind.CONFIG, "x");
    assertThat(repo.lineage().upstream(lonely.id()).nodes()).containsExactly(new LineageNode.VersionNode(lonely.id()));
  }

  @Test
  void aQuerySeesRunsThatAnotherWriterFinishedBeforeIt() {
    buildPipeline();
    Repository other = Repository.builder(store).actor("other").build();
    assertThat(other.lineage().downstream(id("churn-model:2")).nodes()).hasSize(1);
    ActiveRun failing = repo.runs().start("score", CodeVersion.of("test"));
    failing.input(repo.artifacts().version(id("churn-model:2")));
    failing.fail(new IllegalStateException("out of memory"));
    LineageView after = other.lineage().downstream(id("churn-model:2"));
    assertThat(after.runs()).singleElement().satisfies(r -> {
      assertThat(r.job()).isEqualTo("score");
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    });
  }

  @Test
  void cyclesEndTheWalkInsteadOfLooping() {
    registerPlain("a", ArtifactKind.DATASET, "a");
    registerPlain("b", ArtifactKind.DATASET, "b");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    repo.runs().importLineage(List.of(
        imported("r1", "forward", List.of(id("a:1")), List.of(id("b:1")), now),
        imported("r2", "backward", List.of(id("b:1")), List.of(id("a:1")), now)));
    assertThat(repo.audit().events(dev.pedigree.audit.AuditQuery.all().type(dev.pedigree.audit.AuditEventType.CUSTOM)))
        .singleElement().satisfies(e -> {
          assertThat(e.detail("action")).isEqualTo("lineage-import");
          assertThat(e.detail("runs")).isEqualTo("2");
        });
    LineageView down = repo.lineage().downstream(id("a:1"));
    assertThat(down.versions()).containsExactly(id("a:1"), id("b:1"));
    assertThat(down.runs()).hasSize(2);
    assertThat(down.edges()).hasSize(4);
    assertThat(repo.lineage().upstream(id("a:1")).edges()).hasSize(4);
    assertThat(keys(repo.lineage().path(id("a:1"), id("b:1")))).containsExactly("version:a:1", "run:forward", "version:b:1");
  }

  @Test
  void importRejectsRunsStillRunningAndEmptyBatches() {
    Instant now = Instant.now();
    Run running = new Run("x", "job", RunStatus.RUNNING, List.of(), List.of(), Map.of(), Map.of(), List.of(),
        CodeVersion.unknown(), Map.of(), now, Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> repo.runs().importLineage(List.of(running)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("still running");
    assertThatThrownBy(() -> repo.runs().importLineage(List.of())).isInstanceOf(InvalidRequestException.class);
    assertThat(store.listAll("lineage/").count()).isZero();
  }

  @Test
  void aColdGraphStartsFromTheNewestCheckpointObject() {
    buildPipeline();
    LineageGraph writer = new LineageGraph(repo.runs(), 2);
    LineageView before = writer.upstream(id("churn-model:1"));
    assertThat(store.exists(LineageGraph.checkpointKey(1))).isTrue();
    // Remove the segments the checkpoint covers: a new graph can only answer from the checkpoint.
    List<BlobKey> segments = store.listAll(EdgeLog.PREFIX).map(info -> info.key()).toList();
    assertThat(segments).hasSize(5);
    segments.forEach(store::delete);
    Repository fresh = Repository.builder(store).actor("reader").build();
    LineageView after = new LineageGraph(fresh.runs(), 2).upstream(id("churn-model:1"));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aDamagedCheckpointIsIgnoredAndTheIndexRebuiltFromTheLog() throws Exception {
    buildPipeline();
    LineageView before = new LineageGraph(repo.runs(), 2).downstream(id("raw-events:1"));
    String pointer = new String(store.read(LineageGraph.checkpointKey(1)).readAllBytes(), StandardCharsets.UTF_8);
    String digest = pointer.replaceAll(".*\"index\":\"([^\"]+)\".*", "$1");
    BlobKey object = dev.pedigree.objects.ObjectStore.keyOf(dev.pedigree.objects.Digest.parse(digest));
    store.write(object, BlobSource.ofBytes("not an index".getBytes(StandardCharsets.UTF_8)));
    Repository fresh = Repository.builder(store).actor("reader").build();
    assertThat(new LineageGraph(fresh.runs(), 1_000).downstream(id("raw-events:1"))).isEqualTo(before);
  }

  @Test
  void viewsRejectEdgesToNodesTheyDoNotHold() {
    LineageNode.VersionNode a = new LineageNode.VersionNode(id("a:1"));
    LineageNode.RunNode r = new LineageNode.RunNode("r", "job", RunStatus.SUCCEEDED);
    assertThatThrownBy(() -> new LineageView(a, List.of(a), List.of(new LineageEdge(a, r, LineageEdge.Type.INPUT_OF))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not in the view");
    assertThatThrownBy(() -> new LineageEdge(a, r, LineageEdge.Type.PRODUCED))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("swap");
    assertThat(new LineageView(a, List.of(a, r), List.of(new LineageEdge(a, r, LineageEdge.Type.INPUT_OF)))
        .nodes().stream().map(LineageNode::key).collect(Collectors.toList())).containsExactly("version:a:1", "run:r");
  }

  @Test
  void runsFinishingOnManyThreadsAllReachTheGraphThroughAGaplessLog() throws Exception {
    ArtifactVersion source = registerPlain("events", ArtifactKind.DATASET, "e");
    Repository reader = Repository.builder(store).actor("reader").build();
    assertThat(reader.lineage().downstream(source.id()).runs()).isEmpty();
    int threads = 8;
    int runsEach = 3;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < runsEach; i++) {
            try (ActiveRun run = repo.runs().start("job-" + thread, CodeVersion.of("test"))) {
              run.input(source);
              run.register(NewVersion.of("out-" + thread, ArtifactKind.OTHER).bytes(new byte[] {(byte) thread, (byte) i}).build());
              run.succeed();
            }
            // Every run finished before this query started is in its answer.
            assertThat(reader.lineage().downstream(source.id(), 1).runs().stream()
                .filter(r -> r.job().equals("job-" + thread))).hasSize(i + 1);
          }
          return null;
        }));
      }
      for (var future : work) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    LineageView all = reader.lineage().downstream(source.id());
    assertThat(all.runs()).hasSize(threads * runsEach);
    assertThat(all.versions()).hasSize(1 + threads * runsEach);
    List<String> segments = store.listAll(EdgeLog.PREFIX).map(info -> info.key().value()).toList();
    assertThat(segments).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * runsEach)
        .mapToObj(n -> EdgeLog.keyOf(n).value()).toList());
    // A writer that knows nothing finds the end of the log by probing, without listing.
    EdgeLog cold = new EdgeLog(store);
    assertThat(cold.head()).isEqualTo(threads * runsEach);
    assertThat(cold.append(List.of()).number()).isEqualTo(threads * runsEach + 1);
  }

  static Run imported(String id, String job, List<VersionId> inputs, List<VersionId> outputs, Instant at) {
    return new Run(id, job, RunStatus.SUCCEEDED, inputs, outputs, Map.of(), Map.of(), List.of(), CodeVersion.unknown(),
        Map.of(), at, Optional.of(at), Optional.empty());
  }
}
