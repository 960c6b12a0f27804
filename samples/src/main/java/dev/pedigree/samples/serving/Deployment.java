package dev.pedigree.samples.serving;

import dev.pedigree.artifacts.VersionId;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one run of the serving pipeline did.
 *
 * @param version the packaged model version
 * @param auc its AUC on the reference set
 * @param promoted whether it now holds production
 * @param reason the gate's explanation
 * @param previous the version production held before, if any
 */
public record Deployment(VersionId version, double auc, boolean promoted, String reason, OptionalInt previous) {
  /** Checks for nulls. */
  public Deployment {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(previous, "previous");
  }
}
