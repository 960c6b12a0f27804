package dev.pedigree.storage;

import dev.pedigree.exceptions.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link StagedBlob} of a {@link FileBlobStore}: a file in the staging folder, forced to disk
 * and hard-linked into place on publish, deleted on close. Used by one thread at a time.
 */
final class FileStagedBlob implements StagedBlob {
  private static final int BUFFER = 64 << 10;

  private final FileBlobStore store;
  private final Path temporary;
  private final FileChannel channel;
  private final OutputStream output;
  private boolean finished;

  FileStagedBlob(FileBlobStore store, Path temporary, FileChannel channel) {
    this.store = store;
    this.temporary = temporary;
    this.channel = channel;
    // Closing the stream only flushes it: the handle owns the file until publish or close.
    this.output = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public CreateResult publishIfAbsent(BlobKey key) {
    Objects.requireNonNull(key, "key");
    if (finished) {
      throw new IllegalStateException("This staged blob was already published or discarded");
    }
    finished = true;
    try {
      try {
        output.flush();
        channel.force(true);
      } finally {
        channel.close();
      }
    } catch (IOException e) {
      store.discard(temporary);
      throw new StorageException("Cannot publish key '" + key + "' in " + store.location() + ": writing the staged"
          + " content failed (" + e + "); check the free space of the file system and write it again", e);
    }
    try {
      return store.publishIfAbsent(temporary, key);
    } finally {
      store.discard(temporary);
    }
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageException("Cannot discard staged content in " + store.location() + ": " + e
          + "; the staged file is deleted by a later open once it is stale", e);
    } finally {
      store.discard(temporary);
    }
  }

  @Override
  public String toString() {
    return "FileStagedBlob[" + temporary + (finished ? ", finished" : "") + "]";
  }
}
