package dev.pedigree.exceptions;

/**
 * A stored record (a ref log entry, an audit event, a version record) cannot be parsed or
 * breaks a rule it must keep. It was changed outside Pedigree or damaged; restore it from a
 * backup.
 */
public class CorruptRecordException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the storage key of the record
   * @param message what was wrong and what to do
   * @param cause the parse failure, or {@code null}
   */
  public CorruptRecordException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * Returns the storage key of the damaged record.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
