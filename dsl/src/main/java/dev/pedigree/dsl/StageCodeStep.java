package dev.pedigree.dsl;

import dev.pedigree.pipeline.CodeIdentity;
import java.nio.file.Path;

/**
 * Optionally, how the stage's code is identified: a change of identity makes it run again.
 * See {@link CodeIdentity} for what each choice catches and misses. Skip this step to use the
 * bytecode of the action's class.
 *
 * <pre>{@code
 * .codeVersion("v3").action(ctx -> prepare(ctx))
 * }</pre>
 */
public interface StageCodeStep extends StageActionStep {
  /**
   * Sets the code identity.
   *
   * <pre>{@code
   * .code(CodeIdentity.version("v3"))
   * }</pre>
   *
   * @param identity the identity
   * @return the step setting the action
   */
  StageActionStep code(CodeIdentity identity);

  /**
   * Identifies the code by a version string you maintain.
   *
   * <pre>{@code
   * .codeVersion("2024-06-rewrite")
   * }</pre>
   *
   * @param version the version
   * @return the step setting the action
   */
  StageActionStep codeVersion(String version);

  /**
   * Identifies the code by the bytecode of a class and its nested classes.
   *
   * <pre>{@code
   * .codeFromClass(Train.class).action(new Train())
   * }</pre>
   *
   * @param type the class
   * @return the step setting the action
   */
  StageActionStep codeFromClass(Class<?> type);

  /**
   * Identifies the code by the git commit (and uncommitted diff) of a work tree.
   *
   * <pre>{@code
   * .codeFromGit(Path.of("."))
   * }</pre>
   *
   * @param workTree a directory inside the work tree
   * @return the step setting the action
   */
  StageActionStep codeFromGit(Path workTree);
}
