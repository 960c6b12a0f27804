package dev.pedigree.pipeline;

import java.nio.file.Path;

/**
 * Receives progress of a pipeline run. Methods are called from the threads that run stages,
 * possibly at once; an implementation must be thread-safe and quick. Every method does
 * nothing by default.
 *
 * <pre>{@code
 * PipelineListener progress = new PipelineListener() {
 *   public void stageFinished(StageResult result) {
 *     System.out.println(result.stage() + " " + result.status() + " in " + result.duration());
 *   }
 * };
 * }</pre>
 */
public interface PipelineListener {
  /**
   * A stage is about to run its action (its fingerprint had no recorded successful run, or it
   * was forced).
   *
   * @param pipeline the pipeline's name
   * @param stage the stage's name
   * @param runId the lineage run recording it
   */
  default void stageStarted(String pipeline, String stage, String runId) {
  }

  /**
   * A stage ran, or failed.
   *
   * @param pipeline the pipeline's name
   * @param result its result
   */
  default void stageFinished(String pipeline, StageResult result) {
  }

  /**
   * A stage was skipped, unchanged or because of an upstream failure.
   *
   * @param pipeline the pipeline's name
   * @param result its result
   */
  default void stageSkipped(String pipeline, StageResult result) {
  }

  /**
   * Progress of digesting a local input: called every few thousand files and once at the end.
   *
   * @param pipeline the pipeline's name
   * @param stage the stage's name
   * @param path the local input
   * @param filesDone how many files were checked so far
   * @param filesHashed how many of them had to be read because the stat cache did not know them
   * @param done whether the input is complete
   */
  default void localInputProgress(String pipeline, String stage, Path path, long filesDone, long filesHashed,
      boolean done) {
  }

  /**
   * Returns the listener that logs every event through slf4j (logger
   * {@code dev.pedigree.pipeline}): stages at INFO, local input progress at DEBUG.
   *
   * @return the logging listener
   */
  static PipelineListener logging() {
    return LoggingListener.INSTANCE;
  }
}
