package dev.pedigree.lineage;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.VersionId;

/** Makes a repository store a lineage checkpoint now, for tests outside this package. */
public final class CheckpointFixture {
  private CheckpointFixture() {
  }

  /**
   * Queries the lineage through a graph that checkpoints after every run, so a checkpoint is
   * stored.
   *
   * @param repo the repository
   * @param version a version to query
   */
  public static void storeCheckpoint(Repository repo, VersionId version) {
    new LineageGraph(repo.runs(), 1).downstream(version);
  }
}
