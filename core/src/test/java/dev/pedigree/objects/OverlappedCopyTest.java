package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OverlappedCopyTest {
  static final int MIB = OverlappedCopy.BUFFER_SIZE;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, MIB - 1, MIB, MIB + 1, 2 * MIB, 5 * MIB + 3, 9 * MIB})
  void copiesAndHashesEveryByteInOrder(int size) throws IOException {
    byte[] content = ObjectStoreTests.randomBytes(size, size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Digest digest = OverlappedCopy.copy(new TrickleInputStream(content), out);

    assertThat(digest).isEqualTo(Digest.of(content));
    assertThat(out.toByteArray()).isEqualTo(content);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, MIB - 1, MIB, MIB + 1, 5 * MIB + 3})
  void theChannelCopyHashesExactlyTheBytesItWrites(int size) throws IOException {
    byte[] content = ObjectStoreTests.randomBytes(size + 1, size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Digest digest = OverlappedCopy.copy(java.nio.channels.Channels.newChannel(new TrickleInputStream(content)),
        java.nio.channels.Channels.newChannel(out));

    assertThat(digest).isEqualTo(Digest.of(content));
    assertThat(out.toByteArray()).isEqualTo(content);
  }

  @Test
  void aChannelWriteFailureIsThrownToTheCaller() {
    byte[] content = ObjectStoreTests.randomBytes(3, 8 * MIB);
    CountingOutputStream out = new CountingOutputStream(3);

    assertThatThrownBy(() -> OverlappedCopy.copy(java.nio.channels.Channels.newChannel(new ByteArrayInputStream(content)),
        java.nio.channels.Channels.newChannel(out)))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  @Test
  void aReadFailureStopsTheWriterBeforeReturning() throws Exception {
    byte[] content = ObjectStoreTests.randomBytes(1, 8 * MIB);
    InputStream failing = new ByteArrayInputStream(content) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (pos >= 6 * MIB) {
          throw new IllegalStateException("source broke");
        }
        return super.read(b, off, len);
      }
    };
    CountingOutputStream out = new CountingOutputStream(0);

    assertThatThrownBy(() -> OverlappedCopy.copy(failing, out)).hasMessage("source broke");

    int writes = out.writes.get();
    Thread.sleep(200);
    assertThat(out.writes.get()).as("no write after the copy gave up").isEqualTo(writes);
  }

  @Test
  void aWriteFailureIsThrownToTheCaller() {
    byte[] content = ObjectStoreTests.randomBytes(2, 8 * MIB);
    CountingOutputStream out = new CountingOutputStream(3);

    assertThatThrownBy(() -> OverlappedCopy.copy(new ByteArrayInputStream(content), out))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  /** Returns fewer bytes than asked, as sockets and pipes do. */
  static final class TrickleInputStream extends InputStream {
    private final ByteArrayInputStream in;

    TrickleInputStream(byte[] content) {
      in = new ByteArrayInputStream(content);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, 100_000));
    }
  }

  /** Counts writes, and fails the write after {@code failAfter} successful ones (0 = never). */
  static final class CountingOutputStream extends OutputStream {
    final AtomicInteger writes = new AtomicInteger();
    final int failAfter;

    CountingOutputStream(int failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (failAfter > 0 && writes.get() >= failAfter) {
        throw new IOException("disk full");
      }
      writes.incrementAndGet();
    }
  }
}
