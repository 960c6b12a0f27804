package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content to write to a backend: a known number of bytes that can be opened more than once.
 * Re-openable so that a backend can retry a request or split an upload into parts without
 * holding the content in memory; sized so that protocols that need a length up front (S3, GCS)
 * get it.
 */
public interface BlobSource {
  /**
   * Returns the number of bytes {@link #open()} yields.
   *
   * @return the size in bytes
   */
  long size();

  /**
   * Opens a new stream over the whole content, from its first byte.
   *
   * @return a fresh stream the caller closes
   * @throws IOException if the content cannot be read
   */
  InputStream open() throws IOException;

  /**
   * Returns the file that holds the content, when there is one, so a backend can copy or
   * send it without a stream.
   *
   * @return the path, or {@code null} when the content is not a file
   */
  default Path file() {
    return null;
  }

  /**
   * Returns a source over bytes held in memory. The array is not copied: do not change it.
   *
   * @param bytes the content
   * @return the source
   */
  static BlobSource ofBytes(byte[] bytes) {
    InvalidRequestException.requireNonNull(bytes, "bytes");
    return new BlobSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  /**
   * Returns a source over a regular file. Its size is read now; the file must not change
   * while the source is in use.
   *
   * @param file the file
   * @return the source
   * @throws StorageException if the file cannot be read
   */
  static BlobSource ofFile(Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new StorageException("Cannot read file " + file + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public Path file() {
        return file;
      }
    };
  }

  /**
   * Reads the whole content into memory. Only for small content such as records and refs.
   *
   * @return the bytes
   */
  default byte[] readAllBytes() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
