package dev.pedigree.objects;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.storage.BlobKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The index of one pack: for each object in it, its digest, where its bytes start in the pack
 * and how many there are, sorted by digest so a lookup is a binary search. Held compactly (raw
 * digests in one array), about 48 bytes an object.
 *
 * <p>Layout of a pack ({@code packs/<pack digest>.pack}), every number big-endian:
 * <pre>
 *   "PDGPACK1"                                  8 bytes
 *   the objects' bytes, one after another
 *   for each object, in pack order: digest (32) and length (8)
 *   the object count (4), then "PDGPEND1" (8)
 * </pre>
 * The pack's name is the SHA-256 of all of those bytes; because the trailer lists every object,
 * the bytes alone determine the objects, so one name never stands for two different indexes,
 * and a lost index can be rebuilt from its pack.
 *
 * <p>Layout of an index ({@code packs/<pack digest>.idx}):
 * <pre>
 *   "PDGIDX01"                                  8 bytes
 *   the pack's digest                           32
 *   the object count                            4
 *   for each object, by ascending digest: digest (32), offset in the pack (8), length (8)
 *   the SHA-256 of everything above             32
 * </pre>
 */
final class PackIndex {
  static final String PREFIX = StoreLayout.PACKS;
  static final String PACK_SUFFIX = ".pack";
  static final String INDEX_SUFFIX = ".idx";
  static final byte[] PACK_MAGIC = "PDGPACK1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PACK_END = "PDGPEND1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INDEX_MAGIC = "PDGIDX01".getBytes(StandardCharsets.US_ASCII);
  private static final int ENTRY = 32 + 8 + 8;
  private static final HexFormat HEX = HexFormat.of();

  private final Digest pack;
  private final byte[] digests;
  private final long[] offsets;
  private final long[] lengths;

  private PackIndex(Digest pack, byte[] digests, long[] offsets, long[] lengths) {
    this.pack = pack;
    this.digests = digests;
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /** One object of a pack. */
  record Entry(Digest digest, long offset, long length) {
  }

  /**
   * Builds the index of objects laid out in a pack, in any order.
   *
   * @param pack the pack's digest
   * @param entries the objects, each once
   * @return the index
   */
  static PackIndex of(Digest pack, List<Entry> entries) {
    Entry[] sorted = entries.toArray(Entry[]::new);
    Arrays.sort(sorted, (a, b) -> a.digest().compareTo(b.digest()));
    byte[] digests = new byte[sorted.length * 32];
    long[] offsets = new long[sorted.length];
    long[] lengths = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      System.arraycopy(HEX.parseHex(sorted[i].digest().hex()), 0, digests, i * 32, 32);
      offsets[i] = sorted[i].offset();
      lengths[i] = sorted[i].length();
    }
    return new PackIndex(pack, digests, offsets, lengths);
  }

  /**
   * Parses and checks an index read from the store.
   *
   * @param key the key it was read from, whose name must be the pack's digest
   * @param bytes the index
   * @return the index
   * @throws CorruptRecordException if the bytes are not an intact index of that pack
   */
  static PackIndex parse(BlobKey key, byte[] bytes) {
    String problem = null;
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < 8 + 32 + 4 + 32 || !Arrays.equals(bytes, 0, 8, INDEX_MAGIC, 0, 8)) {
      problem = "it does not start with the index header";
    } else {
      MessageDigest sha256 = Digest.newSha256();
      sha256.update(bytes, 0, bytes.length - 32);
      if (!Arrays.equals(sha256.digest(), 0, 32, bytes, bytes.length - 32, bytes.length)) {
        problem = "its checksum does not match its content";
      }
    }
    if (problem == null) {
      in.position(8);
      byte[] raw = new byte[32];
      in.get(raw);
      Digest pack = Digest.fromBytes(raw);
      int count = in.getInt();
      if (count < 0 || (long) count * ENTRY != bytes.length - 8 - 32 - 4 - 32) {
        problem = "its object count does not match its length";
      } else if (!key.name().equals(pack.hex() + INDEX_SUFFIX)) {
        problem = "it indexes pack " + pack.hex() + ", not the one its name says";
      } else {
        byte[] digests = new byte[count * 32];
        long[] offsets = new long[count];
        long[] lengths = new long[count];
        for (int i = 0; i < count && problem == null; i++) {
          in.get(digests, i * 32, 32);
          offsets[i] = in.getLong();
          lengths[i] = in.getLong();
          if (offsets[i] < PACK_MAGIC.length || lengths[i] < 0 || offsets[i] + lengths[i] < 0) {
            problem = "entry " + i + " has an impossible offset or length";
          } else if (i > 0 && Arrays.compareUnsigned(digests, (i - 1) * 32, i * 32, digests, i * 32, i * 32 + 32) >= 0) {
            problem = "its entries are not sorted by digest";
          }
        }
        if (problem == null) {
          return new PackIndex(pack, digests, offsets, lengths);
        }
      }
    }
    throw new CorruptRecordException(key.value(), "Cannot read pack index '" + key + "': " + problem
        + "; the pack can be indexed again from its own trailer, or deleted if nothing needs its objects", null);
  }

  /**
   * Returns the index as stored.
   *
   * @return its bytes
   */
  byte[] toBytes() {
    int count = offsets.length;
    ByteBuffer out = ByteBuffer.allocate(8 + 32 + 4 + count * ENTRY + 32);
    out.put(INDEX_MAGIC).put(HEX.parseHex(pack.hex())).putInt(count);
    for (int i = 0; i < count; i++) {
      out.put(digests, i * 32, 32).putLong(offsets[i]).putLong(lengths[i]);
    }
    MessageDigest sha256 = Digest.newSha256();
    sha256.update(out.array(), 0, out.position());
    out.put(sha256.digest());
    return out.array();
  }

  Digest pack() {
    return pack;
  }

  BlobKey packKey() {
    return packKey(pack);
  }

  BlobKey indexKey() {
    return BlobKey.of(PREFIX + pack.hex() + INDEX_SUFFIX);
  }

  static BlobKey packKey(Digest pack) {
    return BlobKey.of(PREFIX + pack.hex() + PACK_SUFFIX);
  }

  int size() {
    return offsets.length;
  }

  /** The total of the objects' lengths. */
  long objectBytes() {
    long total = 0;
    for (long length : lengths) {
      total += length;
    }
    return total;
  }

  /**
   * Finds an object.
   *
   * @param raw the object's digest as 32 bytes
   * @return its position in this index, or -1
   */
  int find(byte[] raw) {
    int low = 0;
    int high = offsets.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order = Arrays.compareUnsigned(digests, middle * 32, middle * 32 + 32, raw, 0, 32);
      if (order < 0) {
        low = middle + 1;
      } else if (order > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -1;
  }

  long offset(int position) {
    return offsets[position];
  }

  long length(int position) {
    return lengths[position];
  }

  Digest digest(int position) {
    return Digest.fromBytes(Arrays.copyOfRange(digests, position * 32, position * 32 + 32));
  }

  void forEach(Consumer<Entry> action) {
    for (int i = 0; i < offsets.length; i++) {
      action.accept(new Entry(digest(i), offsets[i], lengths[i]));
    }
  }

  static byte[] raw(Digest digest) {
    return HEX.parseHex(digest.hex());
  }
}
