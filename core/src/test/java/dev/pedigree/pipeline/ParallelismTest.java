package dev.pedigree.pipeline;

import static dev.pedigree.pipeline.Fixtures.inputs;
import static dev.pedigree.pipeline.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.lineage.Run;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent stages run at once: their recorded run intervals overlap. With a direct
 * executor the same measurement shows them one after the other, so the assertion can fail.
 */
class ParallelismTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();
  @TempDir
  Path dir;

  private Pipeline pipeline() {
    StageAction slow = ctx -> {
      Thread.sleep(300);
      write(ctx.output(ctx.stage() + "-out").resolve("out.txt"), ctx.stage());
    };
    Stage left = new Stage("left", Map.of(), Map.of(), List.of(new StageOutput("left-out", ArtifactKind.DATASET)),
        CodeIdentity.version("1"), slow);
    Stage right = new Stage("right", Map.of(), Map.of(), List.of(new StageOutput("right-out", ArtifactKind.DATASET)),
        CodeIdentity.version("1"), slow);
    Stage join = new Stage("join", inputs("l", StageInput.stageOutput("left", "left-out"),
        "r", StageInput.stageOutput("right", "right-out")), Map.of(),
        List.of(new StageOutput("joined", ArtifactKind.DATASET)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("joined").resolve("j.txt"), "joined"));
    return new Pipeline("fan", List.of(left, right, join));
  }

  private static boolean overlap(Run a, Run b) {
    return a.startedAt().isBefore(b.endedAt().orElseThrow()) && b.startedAt().isBefore(a.endedAt().orElseThrow());
  }

  private static boolean overlap(StageResult a, StageResult b) {
    return a.startedAt().isBefore(b.endedAt()) && b.startedAt().isBefore(a.endedAt());
  }

  @Test
  void independentStagesOverlapOnTheDefaultExecutor() {
    PipelineResult result = PipelineRunner.on(repo).statCache(dir.resolve("cache")).run(pipeline());
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("left", "right", "join");
    Run left = repo.runs().run(result.stage("left").runId().orElseThrow());
    Run right = repo.runs().run(result.stage("right").runId().orElseThrow());
    assertThat(overlap(left, right)).as("run intervals %s..%s and %s..%s overlap", left.startedAt(),
        left.endedAt(), right.startedAt(), right.endedAt()).isTrue();
    assertThat(overlap(result.stage("left"), result.stage("right"))).isTrue();
    // The join starts only after both ended.
    Run join = repo.runs().run(result.stage("join").runId().orElseThrow());
    assertThat(join.startedAt()).isAfterOrEqualTo(left.endedAt().orElseThrow()).isAfterOrEqualTo(right.endedAt().orElseThrow());
  }

  @Test
  void independentStagesOverlapOnAUserExecutor() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      PipelineResult result = PipelineRunner.on(repo).executor(pool).statCache(dir.resolve("cache")).run(pipeline());
      assertThat(overlap(result.stage("left"), result.stage("right"))).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDirectExecutorRunsThemOneAfterTheOther() {
    PipelineResult result = PipelineRunner.on(repo).executor(Runnable::run).statCache(dir.resolve("cache")).run(pipeline());
    assertThat(result.succeeded()).isTrue();
    Run left = repo.runs().run(result.stage("left").runId().orElseThrow());
    Run right = repo.runs().run(result.stage("right").runId().orElseThrow());
    assertThat(overlap(left, right)).isFalse();
  }
}
