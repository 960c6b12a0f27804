package dev.pedigree.pipeline;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs pipeline progress through slf4j. */
final class LoggingListener implements PipelineListener {
  static final LoggingListener INSTANCE = new LoggingListener();
  private static final Logger LOG = LoggerFactory.getLogger("dev.pedigree.pipeline");

  private LoggingListener() {
  }

  @Override
  public void stageStarted(String pipeline, String stage, String runId) {
    LOG.info("{}/{}: running (run {})", pipeline, stage, runId);
  }

  @Override
  public void stageFinished(String pipeline, StageResult result) {
    if (result.status() == StageStatus.FAILED) {
      LOG.warn("{}/{}: failed after {} ms: {}", pipeline, result.stage(), result.duration().toMillis(),
          result.error().orElse("no message"));
    } else {
      LOG.info("{}/{}: ran in {} ms, published {}", pipeline, result.stage(), result.duration().toMillis(),
          result.outputs().stream().map(o -> o.version().toString()).toList());
    }
  }

  @Override
  public void stageSkipped(String pipeline, StageResult result) {
    if (result.status() == StageStatus.SKIPPED_UNCHANGED) {
      LOG.info("{}/{}: unchanged, reusing {}", pipeline, result.stage(),
          result.outputs().stream().map(o -> o.version().toString()).toList());
    } else {
      LOG.info("{}/{}: skipped: {}", pipeline, result.stage(), result.error().orElse("upstream failure"));
    }
  }

  @Override
  public void localInputProgress(String pipeline, String stage, Path path, long filesDone, long filesHashed,
      boolean done) {
    if (done || LOG.isDebugEnabled()) {
      LOG.debug("{}/{}: {} files of {} checked, {} hashed{}", pipeline, stage, filesDone, path, filesHashed,
          done ? " (done)" : "");
    }
  }
}
