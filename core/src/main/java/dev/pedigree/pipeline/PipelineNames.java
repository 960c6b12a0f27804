package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.internal.Names;

/** Validation of pipeline, stage, input and parameter names. */
final class PipelineNames {
  /** The longest pipeline or stage name, so that fingerprint ref names stay within limits. */
  static final int MAX_LENGTH = 64;

  private PipelineNames() {
  }

  static String requireValid(String name, String what) {
    String problem = Names.problem(name, MAX_LENGTH, MAX_LENGTH, false);
    if (problem != null) {
      throw new InvalidNameException(name, "Cannot use '" + Names.printable(name) + "' as a " + what + " name: "
          + problem + "; use up to " + MAX_LENGTH + " letters, digits, '.', '_' and '-', starting with a letter or digit,"
          + " such as 'preprocess'");
    }
    return name;
  }
}
