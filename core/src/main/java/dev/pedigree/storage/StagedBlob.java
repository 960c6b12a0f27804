package dev.pedigree.storage;

import dev.pedigree.exceptions.StorageException;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * Content being written into a store before its key is known. Write everything to
 * {@link #output()}, then {@link #publishIfAbsent}; {@link #close()} discards whatever was
 * not published, so a failure midway leaves nothing visible.
 */
public interface StagedBlob extends Closeable {
  /**
   * Returns the stream to write the content into. Do not close it before publishing; the
   * handle closes it.
   *
   * @return the stream
   */
  OutputStream output();

  /**
   * Returns a channel to write the content into instead of {@link #output()}, for callers that
   * hold the bytes in (direct) byte buffers: a file store writes them without copying them
   * through the heap. Use one of the two, not both. The default wraps {@link #output()}.
   *
   * @return the channel; do not close it before publishing
   */
  default WritableByteChannel channel() {
    return Channels.newChannel(output());
  }

  /**
   * Makes the written content durable and visible under {@code key} if that key does not
   * exist yet, atomically, as {@link BlobStore#createIfAbsent} does.
   *
   * @param key the key to publish under
   * @return whether this call created the key
   * @throws StorageException if publishing failed (nothing became visible)
   */
  CreateResult publishIfAbsent(BlobKey key);

  /** Discards the content unless it was published. */
  @Override
  void close();
}
