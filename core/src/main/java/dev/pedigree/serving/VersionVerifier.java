package dev.pedigree.serving;

import dev.pedigree.artifacts.ArtifactVersion;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decides whether a version may be served, before it is loaded: the hook for a signature or
 * provenance policy. The content digests are always verified by the checkout itself; a verifier
 * adds what the service's owners require on top (a trusted signature, a tag, a producing run).
 *
 * <pre>{@code
 * VersionVerifier reviewed = (version, content) -> version.tags().containsKey("reviewed-by")
 *     ? Verification.accept()
 *     : Verification.refuse(version.id() + " carries no reviewed-by tag; review it, then tag it");
 * }</pre>
 */
@FunctionalInterface
public interface VersionVerifier {
  /**
   * Judges a version whose content was checked out and digest-verified.
   *
   * @param version the version
   * @param content its checked-out content (the file, or the folder of a directory version)
   * @return accept, or refuse with a reason
   */
  Verification verify(ArtifactVersion version, Path content);

  /**
   * Returns a verifier that accepts every version whose content checked out intact.
   *
   * @return the verifier
   */
  static VersionVerifier acceptAll() {
    return (version, content) -> Verification.accept();
  }

  /**
   * Returns a verifier that accepts only what this one and another both accept, asking the
   * other only when this one accepted.
   *
   * @param other the second verifier
   * @return the combination
   */
  default VersionVerifier and(VersionVerifier other) {
    Objects.requireNonNull(other, "other");
    return (version, content) -> {
      Verification first = verify(version, content);
      return first.accepted() ? other.verify(version, content) : first;
    };
  }
}
