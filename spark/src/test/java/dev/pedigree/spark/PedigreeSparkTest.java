package dev.pedigree.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.ContentParts;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.objects.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PedigreeSparkTest {
  private static SparkSession spark;

  @TempDir
  Path dir;
  private Repository repo;
  private PedigreeSpark pedigree;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("pedigree-spark-test");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @BeforeEach
  void openRepo() {
    repo = Repository.open(dir.resolve("repo").toString());
    pedigree = PedigreeSpark.on(spark, repo);
  }

  @AfterEach
  void closeRepo() {
    repo.close();
  }

  private Dataset<Row> numbers(int count, int partitions) {
    return spark.range(0, count, 1, partitions).withColumn("square", functions.col("id").multiply(functions.col("id")));
  }

  @Test
  void writesADataFrameAsAVersionWithItsRunAndReadsItBack() {
    ArtifactVersion raw = repo.artifacts().register(NewVersion.of("raw", ArtifactKind.DATASET).bytes(new byte[] {1}).build());
    ArtifactVersion written = pedigree.write(numbers(1000, 4), SparkWrite.of("squares", ArtifactKind.DATASET)
        .input("raw").param("rows", "1000").code(CodeVersion.of("test-1")).job("squares-job").build());

    assertThat(written.layout()).isEqualTo(ContentLayout.DIRECTORY);
    List<ManifestEntry> files = repo.artifacts().manifest(written).entries();
    assertThat(files).extracting(ManifestEntry::path).hasSize(4).allMatch(p -> p.matches("part-0000[0-3].*\\.parquet"));
    for (ManifestEntry file : files) {
      assertThat(dir.resolve("repo").resolve(ContentParts.objectKey(file.digest()))).isRegularFile().hasSize(file.size());
    }
    Run run = repo.runs().run(written.producedBy().orElseThrow());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.job()).isEqualTo("squares-job");
    assertThat(run.inputs()).containsExactly(raw.id());
    assertThat(run.outputs()).containsExactly(written.id());
    assertThat(run.params()).containsEntry("rows", "1000");
    assertThat(run.code().version()).contains("test-1");
    assertThat(written.params()).containsEntry("rows", "1000");

    Dataset<Row> back = pedigree.read("squares:1");
    assertThat(back.count()).isEqualTo(1000);
    assertThat(back.agg(functions.sum("square")).first().getLong(0)).isEqualTo(332_833_500L);
  }

  @Test
  void readmeReadsAVersionAndWritesOne() throws Exception {
    Path csv = Files.createDirectories(dir.resolve("raw"));
    Files.writeString(csv.resolve("customers.csv"), "name,tenure\nada,5\nalan,1\ngrace,7\n");
    repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET).directory(csv).build());
    repo.artifacts().moveAlias("raw-customers", "production", 1, "first load");

    // snippet:spark-read-write
    PedigreeSpark pedigree = PedigreeSpark.on(spark, repo);
    Dataset<Row> raw = pedigree.read(SparkRead.of("raw-customers@production").format("csv")
        .option("header", "true").option("inferSchema", "true").build());   // verified on the executors
    ArtifactVersion features = pedigree.write(raw.filter("tenure >= 3"),
        SparkWrite.of("churn-features", ArtifactKind.DATASET)              // Parquet unless format(..)
            .input("raw-customers@production")                            // recorded on the job's run
            .param("min_tenure", "3")
            .code(CodeVersion.of("prep-v3"))                              // default: the git commit
            .build());
    Dataset<Row> back = pedigree.read("churn-features:" + features.number());
    // end-snippet

    assertThat(back.orderBy("name").collectAsList()).extracting(r -> r.getString(0)).containsExactly("ada", "grace");
    assertThat(repo.runs().run(features.producedBy().orElseThrow()).inputs())
        .containsExactly(new VersionId("raw-customers", 1));
  }

  @Test
  void theSameDataWrittenTwiceGivesTheSameContent() {
    ArtifactVersion first = pedigree.write(numbers(100, 2), SparkWrite.of("twice", ArtifactKind.DATASET).build());
    ArtifactVersion second = pedigree.write(numbers(100, 2), SparkWrite.of("twice", ArtifactKind.DATASET).build());
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.content()).isEqualTo(first.content());
  }

  @Test
  void aFailedJobPublishesNothingAndRecordsAFailedRun() {
    UDF1<Long, Long> explode = id -> {
      if (id == 77) {
        throw new ArithmeticException("row 77 is bad");
      }
      return id;
    };
    spark.udf().register("explodeAt77", explode, DataTypes.LongType);
    Dataset<Row> bad = numbers(200, 2).withColumn("checked", functions.callUDF("explodeAt77", functions.col("id")));

    assertThatThrownBy(() -> pedigree.write(bad, SparkWrite.of("broken", ArtifactKind.DATASET).job("broken-job").build()))
        .isInstanceOf(SparkJobException.class).hasMessageContaining("nothing was published");

    assertThat(repo.artifacts().latest("broken")).isEmpty();
    List<Run> runs = repo.runs().list().filter(r -> r.job().equals("broken-job")).toList();
    assertThat(runs).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.outputs()).isEmpty();
    });
    // A later write through the same session uses Spark's own protocol again for other paths.
    Path plain = dir.resolve("plain");
    numbers(10, 1).write().parquet(plain.toString());
    assertThat(plain.resolve("_SUCCESS")).exists();
  }

  @Test
  void readsCsvAndJsonDirectoriesAndSingleFilesInPlace() throws Exception {
    Path csv = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(csv.resolve("a.csv"), "name,age\nada,36\n");
    Files.writeString(csv.resolve("b.csv"), "name,age\ngrace,45\nalan,41\n");
    Files.writeString(csv.resolve("_SUCCESS"), "");
    repo.artifacts().register(NewVersion.of("people", ArtifactKind.DATASET).directory(csv).build());
    Dataset<Row> people = pedigree.read(SparkRead.of("people").format("csv").option("header", "true")
        .option("inferSchema", "true").build());
    assertThat(people.orderBy("name").collectAsList()).extracting(r -> r.getString(0) + ":" + r.getInt(1))
        .containsExactly("ada:36", "alan:41", "grace:45");

    Path json = Files.writeString(dir.resolve("events.json"), "{\"kind\":\"click\",\"n\":3}\n{\"kind\":\"view\",\"n\":5}\n");
    repo.artifacts().register(NewVersion.of("events", ArtifactKind.DATASET).file(json).build());
    Dataset<Row> events = pedigree.read(SparkRead.of("events:1").format("json").build());
    assertThat(events.agg(functions.sum("n")).first().getLong(0)).isEqualTo(8L);
  }

  @Test
  void verifiedReadsFindAChangedFileAndUnverifiedReadsDoNot() throws Exception {
    ArtifactVersion written = pedigree.write(numbers(50, 1).selectExpr("cast(id as string) as text").coalesce(1),
        SparkWrite.of("texts", ArtifactKind.DATASET).format("csv").build());
    ManifestEntry only = repo.artifacts().manifest(written).entries().get(0);
    Path stored = dir.resolve("repo").resolve(ContentParts.objectKey(only.digest()));
    byte[] bytes = Files.readAllBytes(stored);
    bytes[0] = (byte) (bytes[0] == '9' ? '8' : '9');
    stored.toFile().setWritable(true);
    Files.write(stored, bytes);

    assertThatThrownBy(() -> pedigree.read(SparkRead.of("texts").format("csv").build()))
        .isInstanceOf(IntegrityException.class);
    assertThat(pedigree.read(SparkRead.of("texts").format("csv").verify(false).build()).count()).isEqualTo(50);
  }

  @Test
  void refusesAStoreExecutorsCannotReach() {
    try (Repository memory = Repository.open("mem:")) {
      assertThatThrownBy(() -> PedigreeSpark.on(spark, memory))
          .hasMessageStartingWith("Cannot use the store at 'mem:");
    }
  }

  @Test
  void leavesNoTaskOrScratchFoldersBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countPedigreeFolders(tmp);
    pedigree.write(numbers(20, 2), SparkWrite.of("tidy", ArtifactKind.DATASET).build());
    assertThat(countPedigreeFolders(tmp)).isEqualTo(before);
  }

  private static long countPedigreeFolders(Path tmp) throws Exception {
    try (Stream<Path> list = Files.list(tmp)) {
      return list.filter(p -> p.getFileName().toString().startsWith("pedigree-spark-")).count();
    }
  }
}
