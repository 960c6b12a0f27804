package dev.pedigree.spark.internal;

import dev.pedigree.artifacts.ContentParts;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.internal.io.FileNameSpec;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;
import scala.Option;
import scala.collection.immutable.Seq;

/**
 * Spark's commit protocol for writes into a Pedigree store. Each task writes its files into a
 * folder on its executor's local disk; committing the task stores each file content-addressed
 * in the repository's store (create-if-absent) and sends the driver only their manifest entries;
 * committing the job stores the manifest. Nothing names the stored files until the driver
 * registers the manifest as a version, so a failed or aborted job publishes nothing.
 *
 * <p>Files are named {@code part-<partition><suffix>} (no job id), so the same data written
 * twice gives the same manifest. Writes to paths that are not Pedigree writes go to Spark's
 * default protocol unchanged.
 */
public final class PedigreeCommitProtocol extends FileCommitProtocol implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final String storeLocation;
  private final String writeId;
  private final SQLHadoopMapReduceCommitProtocol other;
  /** The files this task attempt handed out, on the executor; never serialized. */
  private transient List<String[]> taskFiles;
  private transient Path taskFolder;

  /**
   * Called by Spark through {@code spark.sql.sources.commitProtocolClass}.
   *
   * @param jobId Spark's id of the write job
   * @param path the output path
   * @param dynamicPartitionOverwrite whether partitions are overwritten dynamically
   */
  public PedigreeCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
    this.jobId = jobId;
    PendingWrites.Pending pending = PendingWrites.forPath(path).orElse(null);
    if (pending == null) {
      this.other = new SQLHadoopMapReduceCommitProtocol(jobId, path, dynamicPartitionOverwrite);
      this.storeLocation = null;
      this.writeId = null;
    } else {
      if (dynamicPartitionOverwrite) {
        throw new InvalidRequestException("Cannot write a Pedigree version with dynamic partition overwrite: a version"
            + " is always written whole; write without partitionOverwriteMode=dynamic");
      }
      this.other = null;
      this.storeLocation = pending.storeLocation();
      this.writeId = pending.id();
    }
  }

  @Override
  public void setupJob(JobContext context) {
    if (other != null) {
      other.setupJob(context);
    }
  }

  @Override
  public void setupTask(TaskAttemptContext context) {
    if (other != null) {
      other.setupTask(context);
      return;
    }
    taskFiles = new ArrayList<>();
    try {
      taskFolder = Files.createTempDirectory("pedigree-spark-task-");
    } catch (IOException e) {
      throw new StorageException("Cannot start a Spark task of a Pedigree write: the executor's temporary folder ("
          + System.getProperty("java.io.tmpdir") + ") is not writable: " + e.getMessage()
          + "; give executors a writable java.io.tmpdir", e);
    }
  }

  @Override
  public String newTaskTempFile(TaskAttemptContext context, Option<String> dir, FileNameSpec spec) {
    if (other != null) {
      return other.newTaskTempFile(context, dir, spec);
    }
    if (dir.isDefined()) {
      throw new InvalidRequestException("Cannot write a Pedigree version partitioned by columns (folder '" + dir.get()
          + "'): a version's files are stored by content; write without partitionBy, or add the column to the data");
    }
    int partition = context.getTaskAttemptID().getTaskID().getId();
    String name = spec.prefix() + String.format("part-%05d", partition) + spec.suffix();
    Path local = taskFolder.resolve(name);
    taskFiles.add(new String[] {name, local.toString()});
    return local.toUri().toString();
  }

  @Override
  public String newTaskTempFileAbsPath(TaskAttemptContext context, String absoluteDir, FileNameSpec spec) {
    if (other != null) {
      return other.newTaskTempFileAbsPath(context, absoluteDir, spec);
    }
    throw new InvalidRequestException("Cannot write a Pedigree version into a custom partition location ('"
        + absoluteDir + "'); write without partitions");
  }

  @Override
  public FileCommitProtocol.TaskCommitMessage commitTask(TaskAttemptContext context) {
    if (other != null) {
      return other.commitTask(context);
    }
    ContentParts parts = ContentParts.on(StoreLocations.store(storeLocation));
    ArrayList<String[]> entries = new ArrayList<>();
    try {
      for (String[] file : taskFiles) {
        Path local = Path.of(file[1]);
        if (Files.exists(local)) {
          ManifestEntry entry = parts.storeFile(file[0], local);
          entries.add(new String[] {entry.path(), entry.digest().toString(), Long.toString(entry.size())});
        }
      }
    } finally {
      Folders.deleteTree(taskFolder);
      taskFolder = null;
    }
    return new FileCommitProtocol.TaskCommitMessage(entries);
  }

  @Override
  public void abortTask(TaskAttemptContext context) {
    if (other != null) {
      other.abortTask(context);
      return;
    }
    Folders.deleteTree(taskFolder);
    taskFolder = null;
  }

  @Override
  public void commitJob(JobContext context, Seq<FileCommitProtocol.TaskCommitMessage> messages) {
    if (other != null) {
      other.commitJob(context, messages);
      return;
    }
    PendingWrites.Pending pending = PendingWrites.forPath(PendingWrites.PREFIX + writeId).orElseThrow(() ->
        new InvalidRequestException("Cannot commit Pedigree write " + writeId + " (Spark job " + jobId
            + "): the driver no longer waits for it; write through PedigreeSpark on the driver that started the job"));
    List<ManifestEntry> entries = new ArrayList<>();
    scala.collection.Iterator<FileCommitProtocol.TaskCommitMessage> it = messages.iterator();
    while (it.hasNext()) {
      Object payload = it.next().obj();
      if (payload instanceof List<?> list) {
        for (Object item : list) {
          String[] e = (String[]) item;
          entries.add(new ManifestEntry(e[0], Digest.parse(e[1]), Long.parseLong(e[2]), false));
        }
      }
    }
    Digest manifest = ContentParts.on(StoreLocations.store(storeLocation)).storeManifest(entries);
    pending.committed(manifest, entries.size());
  }

  @Override
  public void abortJob(JobContext context) {
    if (other != null) {
      other.abortJob(context);
    }
    // Files already stored are named by nothing: garbage collection removes them.
  }

  @Override
  public boolean deleteWithJob(FileSystem fs, org.apache.hadoop.fs.Path path, boolean recursive) {
    if (other != null) {
      return other.deleteWithJob(fs, path, recursive);
    }
    return super.deleteWithJob(fs, path, recursive);
  }

  @Override
  public void onTaskCommit(FileCommitProtocol.TaskCommitMessage message) {
    if (other != null) {
      other.onTaskCommit(message);
    }
  }
}
