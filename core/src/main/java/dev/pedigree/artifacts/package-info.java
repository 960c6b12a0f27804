/**
 * Artifacts with numbered, immutable versions and movable aliases, each move kept in the
 * alias's history so a rollback is one call. See {@link dev.pedigree.artifacts.ArtifactRegistry}.
 */
package dev.pedigree.artifacts;
