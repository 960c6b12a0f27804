package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Records;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which fingerprints of a stage have a successful run, through the repository's
 * stores so every machine sharing the repository sees it: ref
 * {@code pipelines/<pipeline>/stages/<stage>/fingerprints/<64 hex>} names a small record
 * object holding the run and its outputs. A newer success of the same fingerprint (a forced
 * run) appends to the ref and wins.
 */
final class FingerprintStore {
  static final String FORMAT = "pedigree.stage-success/1";

  private final ObjectStore objects;
  private final RefStore refs;

  FingerprintStore(ObjectStore objects, RefStore refs) {
    this.objects = objects;
    this.refs = refs;
  }

  static RefName ref(String pipeline, String stage, Digest fingerprint) {
    return RefName.of("pipelines/" + pipeline + "/stages/" + stage + "/fingerprints/" + fingerprint.hex());
  }

  Optional<Success> find(String pipeline, String stage, Digest fingerprint) {
    return refs.read(ref(pipeline, stage, fingerprint)).map(this::read);
  }

  void record(String pipeline, String stage, Digest fingerprint, String runId, List<OutputVersion> outputs, Instant at,
      String actor) {
    List<OutputRecord> records = outputs.stream().map(o -> new OutputRecord(o.name(), o.version().toString(),
        o.digest(), o.layout())).toList();
    Digest digest = objects.put(Json.write(new SuccessRecord(FORMAT, pipeline, stage, fingerprint, runId, records, at)));
    refs.update(ref(pipeline, stage, fingerprint), current -> Optional.of(digest), actor, "stage succeeded in run " + runId);
  }

  private Success read(Digest digest) {
    return Records.read(objects, digest, SuccessRecord.class, "stage success record",
        "force the stage to run again, which records a new one", record -> {
          if (!FORMAT.equals(record.format())) {
            throw new IOException("format '" + record.format() + "' is not '" + FORMAT + "'");
          }
          return new Success(record.run(), record.outputs().stream().map(o -> new OutputVersion(o.name(),
              VersionId.parse(o.version()), o.digest(), o.layout())).toList());
        });
  }

  /** A recorded success: the run and the outputs it published. */
  record Success(String runId, List<OutputVersion> outputs) {
  }

  /** The stored form of one output. */
  record OutputRecord(String name, String version, Digest digest, ContentLayout layout) {
  }

  /** The stored form of a success. */
  record SuccessRecord(String format, String pipeline, String stage, Digest fingerprint, String run,
      List<OutputRecord> outputs, Instant recordedAt) {
  }
}
