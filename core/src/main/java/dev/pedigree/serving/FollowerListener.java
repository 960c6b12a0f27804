package dev.pedigree.serving;

import dev.pedigree.artifacts.ArtifactVersion;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears what an {@link AliasFollower} does. Every method has an empty default; implement those
 * you need. Called on the follower's thread, one call at a time; a listener that throws is
 * logged and does not stop the follower.
 *
 * <pre>{@code
 * FollowerListener<ChurnModel> alerts = new FollowerListener<>() {
 *   @Override public void refused(ArtifactVersion version, String reason) { pager.send(version.id() + ": " + reason); }
 * };
 * }</pre>
 *
 * @param <M> the loaded object's type
 */
public interface FollowerListener<M> {
  /**
   * A version is now served.
   *
   * @param previous what was served before, if anything (kept as the previous version)
   * @param current what is served now
   */
  default void switched(Optional<LoadedVersion<M>> previous, LoadedVersion<M> current) {
  }

  /**
   * The alias moved to a version that will not be served: its content is missing or corrupt,
   * the verifier refused it, or the loader failed. What was served keeps serving; the follower
   * tries again only when the alias moves.
   *
   * @param version the refused version
   * @param reason why
   */
  default void refused(ArtifactVersion version, String reason) {
  }

  /**
   * Reading the store failed; what was served keeps serving and the follower retries later.
   *
   * @param error the failure
   * @param retryIn how long until the next attempt (doubling up to the builder's maximum)
   */
  default void storageFailed(RuntimeException error, Duration retryIn) {
  }

  /**
   * The alias was removed or does not exist; what was served keeps serving.
   *
   * @param reference the followed reference, such as {@code churn-model@production}
   */
  default void aliasMissing(String reference) {
  }
}
