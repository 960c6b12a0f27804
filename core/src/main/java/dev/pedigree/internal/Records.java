package dev.pedigree.internal;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The one reader of stored JSON records, which tells a damaged record from a failing store.
 *
 * <p>Reading the bytes is the store's business: its failures ({@link StorageException}, a
 * missing or damaged object) pass through unchanged, because the record may be intact and a
 * retry may succeed. Everything after that is the record's: bytes that are not JSON of the
 * expected shape, JSON {@code null}, a broken rule, or a value that cannot be interpreted is a
 * {@link CorruptRecordException} naming the record's storage key. Internal: not API.
 *
 * <pre>{@code
 * Run run = Records.read(objects, digest, RunRecord.class, "run record",
 *     "restore it from a backup", RunRecord::toRun);
 * }</pre>
 */
public final class Records {
  /** The usual advice for a damaged record. */
  public static final String RESTORE = "run repo.verify() and restore it from a backup";

  /**
   * Checks and converts a parsed record. Throw {@link IOException} with the reason when it
   * breaks a rule; a runtime exception it throws counts as damage too, except a failure of the
   * store or of another record, which passes through.
   *
   * @param <T> the parsed type
   * @param <R> the result
   */
  @FunctionalInterface
  public interface Interpretation<T, R> {
    /**
     * Interprets the record.
     *
     * @param record the parsed record, never {@code null}
     * @return the result
     * @throws IOException if the record breaks a rule, with why
     */
    R apply(T record) throws IOException;
  }

  private Records() {
  }

  /**
   * Parses bytes already read as a record.
   *
   * @param bytes the stored bytes
   * @param type the record type
   * @param key the record's storage key, for the exception and the message
   * @param what what the record is, such as {@code "run record"}
   * @param action what to do about damage, such as {@link #RESTORE}
   * @param interpretation checks and converts the parsed record
   * @param <T> the parsed type
   * @param <R> the result
   * @return the result
   * @throws CorruptRecordException if the bytes are not a valid record
   */
  public static <T, R> R parse(byte[] bytes, Class<T> type, String key, String what, String action,
      Interpretation<? super T, ? extends R> interpretation) {
    try {
      T record = Json.read(bytes, type);
      if (record == null) {
        throw new IOException("it is JSON null");
      }
      return interpretation.apply(record);
    } catch (StorageException | ObjectNotFoundException | IntegrityException | CorruptRecordException e) {
      throw e; // the store, or another record, failed: this record is not known to be damaged
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new CorruptRecordException(key, "Cannot read " + what + " ('" + key + "'): it is damaged (" + why + "); "
          + action, e);
    }
  }

  /**
   * Parses bytes already read as a record, as it is.
   *
   * @param bytes the stored bytes
   * @param type the record type
   * @param key the record's storage key
   * @param what what the record is
   * @param action what to do about damage
   * @param <T> the record type
   * @return the record, never {@code null}
   * @throws CorruptRecordException if the bytes are not a valid record
   */
  public static <T> T parse(byte[] bytes, Class<T> type, String key, String what, String action) {
    return parse(bytes, type, key, what, action, record -> record);
  }

  /**
   * Reads a record stored as an object.
   *
   * @param objects the object store
   * @param digest the record's digest
   * @param type the record type
   * @param what what the record is
   * @param action what to do about damage
   * @param interpretation checks and converts the parsed record
   * @param <T> the parsed type
   * @param <R> the result
   * @return the result
   * @throws CorruptRecordException if the stored bytes are not a valid record
   * @throws StorageException if the store failed to read it (the record may be intact)
   * @throws ObjectNotFoundException if the object is not stored
   */
  public static <T, R> R read(ObjectStore objects, Digest digest, Class<T> type, String what, String action,
      Interpretation<? super T, ? extends R> interpretation) {
    byte[] bytes = objects.readAllBytes(digest);
    return parse(bytes, type, ObjectStore.keyOf(digest).value(), what, action, interpretation);
  }

  /**
   * Reads a record stored under a key of its own.
   *
   * @param store the store
   * @param key the key
   * @param type the record type
   * @param what what the record is
   * @param action what to do about damage
   * @param interpretation checks and converts the parsed record
   * @param <T> the parsed type
   * @param <R> the result
   * @return the result, or empty when there is nothing under the key
   * @throws CorruptRecordException if the stored bytes are not a valid record
   * @throws StorageException if the store failed to read it (the record may be intact)
   */
  public static <T, R> Optional<R> read(BlobStore store, BlobKey key, Class<T> type, String what, String action,
      Interpretation<? super T, ? extends R> interpretation) {
    return bytes(store, key).map(bytes -> parse(bytes, type, key.value(), what, action, interpretation));
  }

  /**
   * Reads the bytes under a key.
   *
   * @param store the store
   * @param key the key
   * @return the bytes, or empty when there is nothing under the key
   * @throws StorageException if the store failed to read them
   */
  public static Optional<byte[]> bytes(BlobStore store, BlobKey key) {
    try (InputStream in = store.read(key)) {
      return Optional.of(in.readAllBytes());
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + key + "': " + e.getMessage() + "; check that the store is reachable"
          + " and retry", e);
    }
  }
}
