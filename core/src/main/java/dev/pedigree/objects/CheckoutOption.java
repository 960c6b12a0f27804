package dev.pedigree.objects;

/**
 * Loosens a safety rule of checkout, for a caller who knows why.
 *
 * <pre>{@code
 * repo.artifacts().checkout(version, target, CheckoutOption.ALLOW_GIT_METADATA);
 * }</pre>
 */
public enum CheckoutOption {
  /**
   * Writes entries under {@code .git} and the names git treats as {@code .git} on Windows or
   * macOS ({@code .GIT}, {@code .git.}, {@code git~1}, {@code .git} with ignored Unicode
   * characters). Refused by default, as git refuses them: a dataset checked out into a working
   * tree could otherwise plant hooks or configuration that git then runs. Use it only to restore
   * a version that is itself a git repository, into a folder of its own.
   */
  ALLOW_GIT_METADATA
}
