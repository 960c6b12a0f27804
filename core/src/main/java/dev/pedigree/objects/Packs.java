package dev.pedigree.objects;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs of one store as this process knows them: every index under {@code packs/}, read
 * once and kept in memory, looked up by binary search. The set is read on first need and read
 * again (only the indexes that are new) when a lookup misses where a hit was expected, since
 * other writers add packs and GC removes them. Thread-safe.
 */
final class Packs {
  private static final Logger LOG = LoggerFactory.getLogger(Packs.class);

  private final BlobStore store;
  private final Object refreshing = new Object();
  /** Newest last; replaced whole, never changed in place. */
  private volatile Map<Digest, PackIndex> known = Map.of();
  private volatile boolean loaded;

  Packs(BlobStore store) {
    this.store = store;
  }

  /** Where a packed object lies. */
  record Hit(PackIndex pack, int position) {
    long offset() {
      return pack.offset(position);
    }

    long length() {
      return pack.length(position);
    }
  }

  /**
   * Finds an object among the packs known so far (reading the list once, on first use).
   *
   * @param digest the object
   * @return where it is, or null
   */
  Hit find(Digest digest) {
    if (!loaded) {
      refresh();
    }
    byte[] raw = PackIndex.raw(digest);
    for (PackIndex pack : known.values()) {
      int position = pack.find(raw);
      if (position >= 0) {
        return new Hit(pack, position);
      }
    }
    return null;
  }

  /**
   * Lists the packs in the store again: reads the indexes not known yet and forgets those
   * whose index is gone.
   *
   * @return whether anything changed
   */
  boolean refresh() {
    synchronized (refreshing) {
      Map<Digest, PackIndex> before = known;
      Map<Digest, PackIndex> after = new LinkedHashMap<>();
      Set<Digest> listed = new TreeSet<>();
      store.listAll(PackIndex.PREFIX).map(BlobInfo::key).forEach(key -> {
        String name = key.name();
        if (key.value().indexOf('/', PackIndex.PREFIX.length()) < 0 && name.endsWith(PackIndex.INDEX_SUFFIX)
            && name.length() == 64 + PackIndex.INDEX_SUFFIX.length()) {
          try {
            listed.add(new Digest(name.substring(0, 64)));
          } catch (RuntimeException e) {
            LOG.debug("Ignoring {}: not a pack index name", key);
          }
        }
      });
      for (Map.Entry<Digest, PackIndex> entry : before.entrySet()) {
        if (listed.remove(entry.getKey())) {
          after.put(entry.getKey(), entry.getValue());
        }
      }
      for (Digest pack : listed) {
        PackIndex index = read(pack);
        if (index != null) {
          after.put(pack, index);
        }
      }
      boolean changed = !after.keySet().equals(before.keySet());
      known = after;
      loaded = true;
      return changed;
    }
  }

  private PackIndex read(Digest pack) {
    BlobKey key = BlobKey.of(PackIndex.PREFIX + pack.hex() + PackIndex.INDEX_SUFFIX);
    try (InputStream in = store.read(key)) {
      return PackIndex.parse(key, in.readAllBytes());
    } catch (BlobNotFoundException e) {
      return null; // deleted since it was listed
    } catch (CorruptRecordException e) {
      // Its objects are then not found, and a full verify names them; one bad index must not hide the others.
      LOG.warn("{}", e.getMessage());
      return null;
    } catch (IOException e) {
      throw new dev.pedigree.exceptions.StorageException("Cannot read pack index '" + key + "' in " + store.location()
          + ": " + e.getMessage() + "; check that the store is reachable and try again", e);
    }
  }

  /**
   * Publishes a pack and then its index, each created only if absent, and adds it to the known
   * set. A pack without its index is invisible, so a crash between the two loses nothing that
   * anything names; the pack is then collectable.
   *
   * @param pack the pack's bytes
   * @param length how many bytes of {@code pack} are the pack
   * @param index its index
   */
  void publish(byte[] pack, int length, PackIndex index) {
    store.createIfAbsent(index.packKey(), new BlobSource() {
      @Override
      public long size() {
        return length;
      }

      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(pack, 0, length);
      }
    });
    store.createIfAbsent(index.indexKey(), BlobSource.ofBytes(index.toBytes()));
    synchronized (refreshing) {
      Map<Digest, PackIndex> after = new LinkedHashMap<>(known);
      after.put(index.pack(), index);
      known = after;
    }
  }

  /**
   * Removes a pack: its index first, so no new reader finds it, then its bytes.
   *
   * @param pack the pack
   */
  void delete(PackIndex pack) {
    store.delete(pack.indexKey());
    store.delete(pack.packKey());
    synchronized (refreshing) {
      Map<Digest, PackIndex> after = new LinkedHashMap<>(known);
      after.remove(pack.pack());
      known = after;
    }
  }

  /**
   * Returns the packs known after a fresh listing.
   *
   * @return the packs, oldest known first
   */
  List<PackIndex> all() {
    refresh();
    return new ArrayList<>(known.values());
  }

  /**
   * Returns the packs known now, without listing.
   *
   * @return the packs
   */
  Collection<PackIndex> current() {
    if (!loaded) {
      refresh();
    }
    return known.values();
  }
}
