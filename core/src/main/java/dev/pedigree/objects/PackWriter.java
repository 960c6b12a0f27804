package dev.pedigree.objects;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers small objects of one batch (a directory being ingested, a repack) into packs of about
 * {@link #TARGET_SIZE} and publishes each full pack, then the last one at {@link #flush()}.
 * Nothing added is findable before its pack and index are published, so whoever names the
 * objects must call {@link #flush()} first. Memory: at most one pack being filled plus one
 * being published per thread that fills one. Thread-safe.
 */
final class PackWriter {
  /** A pack is published once its objects reach this many bytes. */
  static final int TARGET_SIZE = 8 << 20;
  /** A pack is published once it holds this many objects, so its trailer and index stay small. */
  static final int MAX_OBJECTS = 1 << 16;

  private final Packs packs;
  private final int targetSize;
  private final Set<Digest> added = ConcurrentHashMap.newKeySet();
  private Filling filling;
  private long objects;
  private int published;

  PackWriter(Packs packs) {
    this(packs, TARGET_SIZE);
  }

  PackWriter(Packs packs, int targetSize) {
    this.packs = packs;
    this.targetSize = targetSize;
  }

  /**
   * Returns whether this batch already holds an object (published or not).
   *
   * @param digest the object
   * @return {@code true} if it was added
   */
  boolean holds(Digest digest) {
    return added.contains(digest);
  }

  /**
   * Adds an object, publishing the pack it fills if it is full.
   *
   * @param digest the content's digest
   * @param content the bytes
   * @param length how many of them
   */
  void add(Digest digest, byte[] content, int length) {
    if (!added.add(digest)) {
      return;
    }
    Filling full = null;
    synchronized (this) {
      if (filling == null) {
        filling = new Filling();
      }
      filling.append(digest, content, length);
      objects++;
      if (filling.size() >= targetSize || filling.count() >= MAX_OBJECTS) {
        full = filling;
        filling = null;
      }
    }
    if (full != null) {
      full.publish(packs);
      synchronized (this) {
        published++;
      }
    }
  }

  /** Publishes the pack being filled, if any. */
  void flush() {
    Filling last;
    synchronized (this) {
      last = filling;
      filling = null;
    }
    if (last != null) {
      last.publish(packs);
      synchronized (this) {
        published++;
      }
    }
  }

  /** How many objects were added, and how many packs published. */
  synchronized String summary() {
    return objects + " objects in " + published + " packs";
  }

  /** One pack being filled: the header, the objects, then (at publish) the trailer. */
  private static final class Filling {
    private byte[] bytes = new byte[64 << 10];
    private int used;
    private final List<PackIndex.Entry> entries = new ArrayList<>();

    Filling() {
      write(PackIndex.PACK_MAGIC, 0, PackIndex.PACK_MAGIC.length);
    }

    int size() {
      return used;
    }

    int count() {
      return entries.size();
    }

    void append(Digest digest, byte[] content, int length) {
      entries.add(new PackIndex.Entry(digest, used, length));
      write(content, 0, length);
    }

    void publish(Packs packs) {
      ByteBuffer trailer = ByteBuffer.allocate(entries.size() * 40 + 4 + PackIndex.PACK_END.length);
      for (PackIndex.Entry entry : entries) {
        trailer.put(PackIndex.raw(entry.digest())).putLong(entry.length());
      }
      trailer.putInt(entries.size()).put(PackIndex.PACK_END);
      write(trailer.array(), 0, trailer.capacity());
      MessageDigest sha256 = Digest.newSha256();
      sha256.update(bytes, 0, used);
      Digest name = Digest.fromBytes(sha256.digest());
      packs.publish(bytes, used, PackIndex.of(name, entries));
    }

    private void write(byte[] source, int offset, int length) {
      if (used + length > bytes.length) {
        // Doubling, but not far past what a full pack needs, so a pack never holds twice its size.
        int roomy = Math.min(bytes.length * 2, TARGET_SIZE + ObjectStore.PACKED_OBJECT_LIMIT + MAX_OBJECTS * 40 + 64);
        bytes = Arrays.copyOf(bytes, Math.max(used + length, roomy));
      }
      System.arraycopy(source, offset, bytes, used, length);
      used += length;
    }
  }
}
