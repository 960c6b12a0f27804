package dev.pedigree.spark;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.ContentParts;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.spark.internal.Folders;
import dev.pedigree.spark.internal.PedigreeCommitProtocol;
import dev.pedigree.spark.internal.PendingWrites;
import dev.pedigree.spark.internal.StoreLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Reads versions as Spark DataFrames and writes DataFrames as versions, with the data moving
 * between the executors and the store directly, never through the driver.
 *
 * <pre>{@code
 * try (Repository repo = Repository.open("s3://ml-bucket/pedigree")) {
 *   PedigreeSpark pedigree = PedigreeSpark.on(spark, repo);
 *   Dataset<Row> raw = pedigree.read(SparkRead.of("raw-customers@production").format("csv")
 *       .option("header", "true").build());
 *   ArtifactVersion features = pedigree.write(prepare(raw),
 *       SparkWrite.of("features", ArtifactKind.DATASET).input("raw-customers@production").build());
 * }
 * }</pre>
 *
 * <p><b>Reading</b> resolves the version on the driver and hands Spark the paths of its files
 * where they are stored ({@code file:}, {@code s3a://} for {@code s3://} stores, {@code gs://});
 * the executors read them in place. Files whose names start with {@code _} or {@code .} are
 * left out, as Spark does. First a Spark job gives each packed (small) file a copy under its own
 * key, and with {@link SparkRead.Builder#verify} on (the default) reads every file through and
 * checks its digest, each executor the files of its own task.
 *
 * <p><b>Writing</b> runs the DataFrame's write job with Pedigree's commit protocol: each task
 * writes its files to its executor's local disk, then stores them content-addressed in the
 * repository's store and sends the driver only their manifest entries (path, digest, size).
 * The driver stores the manifest and registers the version inside a run that records the job's
 * inputs, parameters and code version. If the job fails, no version is registered, the run is
 * recorded as failed, and the files already stored are left for garbage collection. Writes
 * through one driver run one at a time (they change the session's commit protocol while they
 * plan); partitioned writes ({@code partitionBy}) are refused.
 *
 * <p>Executors open the store from the repository's location URI; they need the same backend
 * module (pedigree-storage-s3 or -gcs) and credentials as the driver, and Spark needs the Hadoop
 * connector of the scheme ({@code hadoop-aws} for {@code s3a}, the GCS connector for {@code gs})
 * configured for the same endpoint. Thread-safe.
 */
public final class PedigreeSpark {
  private static final String COMMIT_PROTOCOL = "spark.sql.sources.commitProtocolClass";
  private static final Object WRITE_LOCK = new Object();

  private final SparkSession spark;
  private final Repository repo;
  private final String location;
  private final String hadoopRoot;

  private PedigreeSpark(SparkSession spark, Repository repo) {
    this.spark = spark;
    this.repo = repo;
    this.location = repo.location().toString();
    this.hadoopRoot = StoreLocations.hadoopRoot(repo.location());
  }

  /**
   * Reads and writes versions of a repository through a Spark session.
   *
   * @param spark the session
   * @param repo the repository, opened on a location every executor can reach
   * @return the reader and writer
   * @throws dev.pedigree.exceptions.BackendConfigurationException if executors cannot reach the
   *     repository's store (an in-memory store, say)
   */
  public static PedigreeSpark on(SparkSession spark, Repository repo) {
    return new PedigreeSpark(InvalidRequestException.requireNonNull(spark, "spark"),
        InvalidRequestException.requireNonNull(repo, "repo"));
  }

  /**
   * Returns the session.
   *
   * @return the Spark session
   */
  public SparkSession session() {
    return spark;
  }

  /**
   * Reads a version of Parquet files, verified.
   *
   * @param reference the version, as {@code name}, {@code name:7} or {@code name@alias}
   * @return the DataFrame
   */
  public Dataset<Row> read(String reference) {
    return read(SparkRead.of(reference).build());
  }

  /**
   * Reads a version as a DataFrame: a directory version's files, or a single-file version.
   *
   * @param read which version, how
   * @return the DataFrame
   * @throws dev.pedigree.exceptions.ArtifactNotFoundException if there is no such version
   * @throws dev.pedigree.exceptions.IntegrityException if verifying and a file does not match its digest
   * @throws dev.pedigree.exceptions.ObjectNotFoundException if verifying and a file is missing
   * @throws SparkJobException if Spark cannot read the files in that format
   */
  public Dataset<Row> read(SparkRead read) {
    InvalidRequestException.requireNonNull(read, "read");
    ArtifactVersion version = repo.artifacts().resolve(read.reference());
    List<Digest> digests = new ArrayList<>();
    if (version.layout() == ContentLayout.DIRECTORY) {
      for (ManifestEntry entry : repo.artifacts().manifest(version).entries()) {
        String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
        if (!name.startsWith("_") && !name.startsWith(".")) {
          digests.add(entry.digest());
        }
      }
    } else {
      digests.add(version.content());
    }
    if (digests.isEmpty()) {
      throw new InvalidRequestException("Cannot read " + version.id() + " with Spark: it holds no data files"
          + " (names starting with '_' or '.' are left out); register a version with data");
    }
    prepare(version.id().toString(), digests, read.verify());
    String[] paths = new LinkedHashSet<>(digests).stream().map(d -> StoreLocations.objectPath(hadoopRoot, d))
        .toArray(String[]::new);
    try {
      return spark.read().format(read.format()).options(read.options()).load(paths);
    } catch (Exception e) {
      throw sparkFailure("read " + version.id() + " as " + read.format(), e);
    }
  }

  /** On the executors: packed files get a copy under their own key, and each file is verified if asked. */
  private void prepare(String what, List<Digest> digests, boolean verify) {
    List<String> hex = new ArrayList<>(new LinkedHashSet<>(digests.stream().map(Digest::toString).toList()));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(hex.size(), context.defaultParallelism() * 4));
    String storeLocation = location;
    try {
      context.parallelize(hex, slices).foreachPartition(part -> {
        ContentParts parts = ContentParts.on(StoreLocations.store(storeLocation));
        while (part.hasNext()) {
          Digest digest = Digest.parse(part.next());
          parts.storeLoose(digest);
          if (verify) {
            parts.verify(digest);
          }
        }
      });
    } catch (Exception e) {
      throw sparkFailure("prepare the files of " + what + " for reading", e);
    }
  }

  /**
   * Writes a DataFrame as a new directory version of an artifact, recorded with a run.
   *
   * @param data the rows to write
   * @param write what to register, and what the run records
   * @return the new version
   * @throws SparkJobException if the Spark job failed; nothing was registered, the run is
   *     recorded as failed
   * @throws InvalidRequestException if the write asks for what a version cannot hold
   *     (partition folders)
   */
  public ArtifactVersion write(Dataset<?> data, SparkWrite write) {
    InvalidRequestException.requireNonNull(data, "data");
    InvalidRequestException.requireNonNull(write, "write");
    CodeVersion code = write.code().orElseGet(() -> CodeVersion.detect(Path.of("")));
    PendingWrites.Pending pending = PendingWrites.start(location);
    Path scratch = null;
    try (ActiveRun run = repo.runs().start(write.job(), code)) {
      try {
        for (String input : write.inputs()) {
          run.input(input);
        }
        write.params().forEach(run::param);
        scratch = Files.createTempDirectory("pedigree-spark-");
        // Spark plans the write against this folder, but no task writes into it.
        String output = scratch.resolve(PendingWrites.PREFIX + pending.id()).toUri().toString();
        runWriteJob(data, write, output);
        Digest manifest = pending.manifest().orElseThrow(() -> new StorageException("Cannot register the new version of '"
            + write.artifact() + "': the Spark job ended without committing through Pedigree's protocol; check that"
            + " nothing else sets " + COMMIT_PROTOCOL + " during the write"));
        ArtifactVersion version = run.register(NewVersion.of(write.artifact(), write.kind())
            .stored(manifest, ContentLayout.DIRECTORY).params(write.params()).description(write.description()).build());
        run.succeed();
        return version;
      } catch (RuntimeException | IOException e) {
        run.fail(e);
        if (e instanceof IOException io) {
          throw new StorageException("Cannot write a version of '" + write.artifact() + "': the driver's temporary"
              + " folder is not writable (" + io.getMessage() + "); nothing was registered", io);
        }
        throw (RuntimeException) e;
      }
    } finally {
      PendingWrites.finish(pending);
      Folders.deleteTree(scratch);
    }
  }

  private static void runWriteJob(Dataset<?> data, SparkWrite write, String output) {
    SparkSession session = data.sparkSession();
    synchronized (WRITE_LOCK) {
      scala.Option<String> previous = session.conf().getOption(COMMIT_PROTOCOL);
      session.conf().set(COMMIT_PROTOCOL, PedigreeCommitProtocol.class.getName());
      try {
        data.write().format(write.format()).options(write.options()).mode(SaveMode.ErrorIfExists).save(output);
      } catch (Exception e) {
        // Spark throws its checked SparkException undeclared.
        throw sparkFailure("write a version of '" + write.artifact() + "'", e);
      } finally {
        if (previous.isDefined()) {
          session.conf().set(COMMIT_PROTOCOL, previous.get());
        } else {
          session.conf().unset(COMMIT_PROTOCOL);
        }
      }
    }
  }

  /** Rethrows the Pedigree exception an executor threw, or wraps Spark's. */
  static PedigreeException sparkFailure(String what, Exception e) {
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof PedigreeException pedigree) {
        return pedigree;
      }
    }
    return new SparkJobException("Cannot " + what + ": the Spark job failed (" + firstLine(e.getMessage())
        + "); nothing was published, fix the cause and run it again", e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
