package dev.pedigree.samples.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RevertCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The "infra" repository a GitOps controller (Argo CD, Flux) would watch: a real git
 * repository, written through JGit, holding {@value #VALUES} for the churn model's chart.
 */
public final class GitOpsRepository implements AutoCloseable {
  /** The values file's path inside the repository. */
  public static final String VALUES = "charts/churn-model/values.yaml";

  private static final PersonIdent BOT = new PersonIdent("pedigree-gitops", "gitops@pedigree.invalid");

  private final Git git;

  private GitOpsRepository(Git git) {
    this.git = git;
  }

  /**
   * Creates a repository in an empty or missing folder, with a first commit holding empty values.
   *
   * @param folder the work tree
   * @return the repository
   */
  public static GitOpsRepository init(Path folder) {
    try {
      Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", BOT.getName());
      config.setString("user", null, "email", BOT.getEmailAddress());
      config.save();
      GitOpsRepository repo = new GitOpsRepository(git);
      Files.writeString(folder.resolve("README.md"), "# infra\n\nDeployment values, written by the Pedigree GitOps"
          + " sample; a GitOps controller applies each commit.\n");
      git.add().addFilepattern("README.md").call();
      repo.commitValues(new HelmValues(java.util.Optional.empty(), java.util.Optional.empty(), 0),
          "Initial values: no model deployed");
      return repo;
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("Cannot create the GitOps repository in " + folder + ": " + e.getMessage()
          + "; use an empty folder", e);
    }
  }

  /**
   * Writes the values file and commits it.
   *
   * @param values the values
   * @param message the commit message
   * @return the commit id
   */
  public String commitValues(HelmValues values, String message) {
    try {
      Path file = workTree().resolve(VALUES);
      Files.createDirectories(file.getParent());
      Files.writeString(file, values.toYaml());
      git.add().addFilepattern(VALUES).call();
      RevCommit commit = git.commit().setMessage(message).setAuthor(BOT).setCommitter(BOT).call();
      return commit.getName();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("Cannot commit " + VALUES + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reverts a commit with a new commit (history is kept, as GitOps wants).
   *
   * @param commitId the commit to revert
   * @return the revert commit's id
   */
  public String revert(String commitId) {
    try {
      RevertCommand command = git.revert().include(ObjectId.fromString(commitId));
      RevCommit reverted = command.call();
      if (reverted == null) {
        throw new IllegalStateException("Cannot revert " + commitId + ": git reported a conflict in "
            + command.getUnmergedPaths() + "; resolve it in the infra repository by hand");
      }
      return reverted.getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException("Cannot revert " + commitId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the commits of the current branch, newest first.
   *
   * @return each commit's id and full message
   */
  public List<Commit> log() {
    try {
      List<Commit> commits = new ArrayList<>();
      for (RevCommit c : git.log().call()) {
        commits.add(new Commit(c.getName(), c.getFullMessage()));
      }
      return commits;
    } catch (GitAPIException e) {
      throw new IllegalStateException("Cannot read the GitOps history: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the values file as committed in the work tree.
   *
   * @return the YAML text
   */
  public String values() {
    try {
      return Files.readString(workTree().resolve(VALUES));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + VALUES + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the work tree's folder.
   *
   * @return the folder
   */
  public Path workTree() {
    return git.getRepository().getWorkTree().toPath();
  }

  /** Closes the repository. */
  @Override
  public void close() {
    git.close();
  }

  /**
   * One commit.
   *
   * @param id the commit id
   * @param message the full message
   */
  public record Commit(String id, String message) {
    /**
     * Returns the first line of the message.
     *
     * @return the subject
     */
    public String subject() {
      return message.lines().findFirst().orElse("");
    }
  }
}
