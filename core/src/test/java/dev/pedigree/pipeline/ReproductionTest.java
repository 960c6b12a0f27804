package dev.pedigree.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduction re-runs a version's stage from its recorded inputs by digest, params and code,
 * and tells identical, different (naming the file), code changed and cannot reproduce apart.
 */
class ReproductionTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();
  private final AtomicInteger noise = new AtomicInteger();
  @TempDir Path dir;
  private String trainCode = "t1";
  private boolean noisyReport;

  @BeforeEach
  void data() {
    register("raw-customers", "alice,3\nbob,0\n");
  }

  private ArtifactVersion register(String name, String content) {
    ArtifactVersion version = repo.artifacts().register(NewVersion.of(name, ArtifactKind.DATASET)
        .bytes(content.getBytes(StandardCharsets.UTF_8)).build());
    repo.artifacts().moveAlias(name, "production", version.number(), "test data");
    return version;
  }

  private Pipeline pipeline() {
    Map<String, StageInput> trainInputs = new LinkedHashMap<>();
    trainInputs.put("raw", StageInput.artifact("raw-customers@production"));
    Stage train = new Stage("train", trainInputs, Map.of("epochs", "20"),
        List.of(new StageOutput("churn-model", ArtifactKind.MODEL)), CodeIdentity.version(trainCode), ctx -> {
          String raw = Files.readString(ctx.input("raw"));
          write(ctx.output("churn-model").resolve("model.bin"), "model(" + raw + ", epochs=" + ctx.param("epochs") + ")");
          write(ctx.output("churn-model").resolve("report.txt"), noisyReport ? "run " + noise.incrementAndGet() : "stable");
        });
    return new Pipeline("churn", List.of(train));
  }

  private PipelineRunner runner() {
    return PipelineRunner.on(repo).statCache(dir.resolve("stat-cache")).workDirectory(dir.resolve("work"));
  }

  private VersionId trainOnce() {
    PipelineResult result = runner().run(pipeline());
    assertThat(result.succeeded()).isTrue();
    return result.stage("train").outputs().get(0).version();
  }

  @Test
  void aDeterministicStageIsReproducedBitForBitFromTheRecordedInputEvenAfterTheAliasMoved() {
    VersionId model = trainOnce();
    // Production moves to other data: the reproduction must still use what the run read.
    register("raw-customers", "carol,9\n");

    Pipeline churn = pipeline();
    PipelineRunner runner = runner();
    VersionId version = model;
    // snippet:reproduce
    Reproduction proof = runner.reproduce(churn, version);            // re-runs the stage in a scratch folder, publishes nothing
    switch (proof.status()) {
      case IDENTICAL -> System.out.println(proof.explanation());          // "reproduced churn-model:1 bit for bit: ..."
      case DIFFERENT -> proof.differences().forEach(System.out::println); // "report.txt: 3f2a9c01d2e4 -> 9c1b07aa3e51"
      default -> System.out.println(proof.explanation());                 // code changed, or cannot reproduce: why
    }
    // end-snippet

    assertThat(proof.status()).as(proof.explanation()).isEqualTo(ReproductionStatus.IDENTICAL);
    assertThat(proof.explanation()).contains("raw=raw-customers:1").contains("epochs=20").contains("bit for bit");
    assertThat(repo.artifacts().latest("churn-model").orElseThrow().number()).as("nothing published").isEqualTo(1);
  }

  @Test
  void aNonDeterministicStageIsCaughtWithTheDifferingFileNamed() {
    noisyReport = true;
    VersionId model = trainOnce();

    Reproduction proof = runner().reproduce(pipeline(), model);

    assertThat(proof.status()).isEqualTo(ReproductionStatus.DIFFERENT);
    assertThat(proof.differences()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("report.txt");
      assertThat(d.recorded()).isPresent();
      assertThat(d.reproduced()).isPresent().isNotEqualTo(d.recorded());
    });
    assertThat(proof.explanation()).contains("report.txt").contains("not deterministic");
  }

  @Test
  void aChangedCodeIdentityIsReportedAsCodeChangedNotAsADifference() {
    VersionId model = trainOnce();
    trainCode = "t2";

    Reproduction proof = runner().reproduce(pipeline(), model);

    assertThat(proof.status()).isEqualTo(ReproductionStatus.CODE_CHANGED);
    assertThat(proof.explanation()).startsWith("cannot reproduce churn-model:1: code changed").contains("version:t1")
        .contains("version:t2");
    assertThat(proof.differences()).isEmpty();
  }

  @Test
  void aVersionNotMadeByAStageCannotBeReproducedAndSaysWhy() {
    Reproduction proof = runner().reproduce(pipeline(), new VersionId("raw-customers", 1));

    assertThat(proof.status()).isEqualTo(ReproductionStatus.CANNOT_REPRODUCE);
    assertThat(proof.explanation()).contains("was registered directly, not by a pipeline stage");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
