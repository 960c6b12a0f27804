package dev.pedigree.web;

import dev.pedigree.exceptions.PedigreeException;

/** A refused request that maps to one HTTP status; its message is shown to the caller, escaped. */
final class HttpError extends PedigreeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
