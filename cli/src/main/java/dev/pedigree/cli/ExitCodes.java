package dev.pedigree.cli;

import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.exceptions.UnsafePathException;

/**
 * The exit codes of the {@code pedigree} command, and which of core's exceptions maps to
 * which. The same list is in {@code pedigree --help} and the README.
 */
final class ExitCodes {
  /** It worked. */
  static final int OK = 0;
  /** A check or verification failed. */
  static final int CHECK_FAILED = 1;
  /** Bad usage: unknown option, malformed reference or name, no store given. */
  static final int USAGE = 2;
  /** No such artifact, version, alias, run or file. */
  static final int NOT_FOUND = 3;
  /** The store changed under the command, or holds something that contradicts it. */
  static final int CONFLICT = 4;
  /** The store could not be read or written, or anything unexpected. */
  static final int STORAGE = 5;

  private ExitCodes() {
  }

  /** Maps an exception a command threw to its exit code. */
  static int of(Throwable exception) {
    if (exception instanceof ArtifactNotFoundException
        || exception instanceof ObjectNotFoundException || exception instanceof RollbackUnavailableException) {
      return NOT_FOUND;
    }
    if (exception instanceof RefConflictException) {
      return CONFLICT;
    }
    if (exception instanceof InvalidNameException || exception instanceof InvalidRequestException
        || exception instanceof UnsafePathException || exception instanceof BackendConfigurationException) {
      return USAGE;
    }
    if (exception instanceof IntegrityException || exception instanceof CorruptRecordException
        || exception instanceof InvalidManifestException) {
      return CHECK_FAILED;
    }
    return STORAGE;
  }

  /** The message printed for an exception: core's own message, which says what to do. */
  static String describe(Throwable exception) {
    String message = exception.getMessage();
    if (message == null || message.isBlank()) {
      return exception.getClass().getSimpleName();
    }
    return message;
  }
}
