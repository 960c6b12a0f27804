package dev.pedigree.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lists one page of a {@link FileBlobStore} in ascending order of key text, which is not the
 * order of a folder walk: {@code a-b} and {@code a.b} sort before the keys in folder {@code a}
 * (whose keys start with {@code a/}), {@code a0} after them.
 *
 * <p>It walks only the folder the prefix names, depth first. Within a folder an entry sorts by
 * the text of its keys: a file named {@code n} by {@code n}, a folder named {@code n} by
 * {@code n/}, which orders every key below it correctly against its siblings. Entries are taken
 * by name, a lower bound of that text, so most never need a stat: a folder is held back until
 * the names passed exceed {@code n/}. Memory is bounded: each folder keeps only the smallest
 * names it may need (the page's remaining room plus a margin) and is read again, after the last
 * entry consumed, in the rare case more are needed.
 */
final class FileKeyLister {
  /**
   * Names kept beyond the page's remaining room. Names that are proper prefixes of one another
   * (at most one per length) can sort out of name order; this margin makes rereads rare.
   */
  static final int DEFAULT_SLACK = 1024;

  private static final int MAX_ROOM = 1 << 16;

  private final Path root;
  private final String startAfter;
  private final int maxKeys;
  private final int slack;
  private final List<BlobInfo> found = new ArrayList<>();

  FileKeyLister(Path root, BlobKey startAfter, int maxKeys, int slack) {
    this.root = root;
    this.startAfter = startAfter == null ? null : startAfter.value();
    this.maxKeys = maxKeys;
    this.slack = slack;
  }

  BlobPage list(String prefix) throws IOException {
    int cut = prefix.lastIndexOf('/') + 1;
    String folderPart = prefix.substring(0, cut);
    Path folder = root;
    if (!folderPart.isEmpty()) {
      for (String segment : folderPart.split("/")) {
        if (!isValidSegment(segment)) {
          return new BlobPage(List.of(), Optional.empty());
        }
      }
      try {
        folder = root.resolve(folderPart.substring(0, folderPart.length() - 1));
      } catch (InvalidPathException e) {
        return new BlobPage(List.of(), Optional.empty()); // this file system can hold no such key
      }
    }
    walk(folder, folderPart, prefix.substring(cut));
    if (found.size() <= maxKeys) {
      return new BlobPage(found, Optional.empty());
    }
    List<BlobInfo> page = found.subList(0, maxKeys);
    return new BlobPage(page, Optional.of(page.get(maxKeys - 1).key()));
  }

  private boolean full() {
    return found.size() > maxKeys;
  }

  /**
   * Adds the keys of one folder, in order, until the page is full.
   *
   * @param folder the folder
   * @param base the key text of the folder: empty, or ending in {@code /}
   * @param partial text every entry name must start with
   */
  private void walk(Path folder, String base, String partial) throws IOException {
    String cursor = null; // every entry whose sort text is <= this has been consumed
    int room = Math.min(maxKeys + 1 - found.size(), MAX_ROOM) + slack;
    while (!full()) {
      TreeSet<String> names = new TreeSet<>();
      String firstLeftOut = null;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (!name.startsWith(partial) || !isValidSegment(name) || base.length() + name.length() > BlobKey.MAX_LENGTH
              || (base.isEmpty() && name.equals(FileBlobStore.STAGING_FOLDER))
              || (isDone(base + name, false, cursor) && isDone(base + name + "/", true, cursor))) {
            continue;
          }
          names.add(name);
          if (names.size() > room) {
            String dropped = names.pollLast();
            if (firstLeftOut == null || dropped.compareTo(firstLeftOut) < 0) {
              firstLeftOut = dropped;
            }
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        return; // no such folder, so no keys
      } catch (FileSystemException e) {
        if (!Files.isDirectory(folder)) {
          return; // a file stands where the folder would be
        }
        throw e;
      }
      // Every entry left out sorts at or after this text, so anything before it may be consumed now.
      String limit = firstLeftOut == null ? null : base + firstLeftOut;
      String before = cursor;
      TreeMap<String, String> heldFolders = new TreeMap<>(); // sort text "base + name/" -> name
      for (String name : names) {
        String text = base + name;
        cursor = maxOf(cursor, drainFolders(folder, heldFolders, text));
        if (full()) {
          return;
        }
        BasicFileAttributes attributes = attributesOrNull(folder.resolve(name));
        if (attributes != null && attributes.isRegularFile()) {
          if (!isDone(text, false, cursor)) {
            found.add(new BlobInfo(BlobKey.of(text), attributes.size()));
            if (full()) {
              return;
            }
          }
        } else if (attributes != null && attributes.isDirectory() && !isDone(text + "/", true, cursor)) {
          heldFolders.put(text + "/", name);
        }
        cursor = maxOf(cursor, text); // a folder held over from the last read comes again, below the cursor
      }
      cursor = maxOf(cursor, drainFolders(folder, heldFolders, limit));
      if (full() || limit == null) {
        return;
      }
      // Folders still held sort after the cursor, so the next read finds them again.
      if (Objects.equals(before, cursor)) {
        room = room * 2; // no progress: read more names at once
      }
    }
  }

  /**
   * Walks the held folders that sort before {@code bound} (all of them when null), in order,
   * until the page is full.
   *
   * @return the sort text of the last folder walked, or null if none was
   */
  private String drainFolders(Path folder, TreeMap<String, String> held, String bound) throws IOException {
    String last = null;
    while (!full() && !held.isEmpty() && (bound == null || held.firstKey().compareTo(bound) < 0)) {
      Map.Entry<String, String> next = held.pollFirstEntry();
      walk(folder.resolve(next.getValue()), next.getKey(), "");
      last = next.getKey();
    }
    return last;
  }

  /**
   * Whether an entry with this sort text was consumed already or holds only keys up to
   * {@code startAfter}.
   */
  private boolean isDone(String text, boolean isFolder, String cursor) {
    if (cursor != null && text.compareTo(cursor) <= 0) {
      return true;
    }
    if (startAfter == null) {
      return false;
    }
    if (!isFolder) {
      return text.compareTo(startAfter) <= 0;
    }
    // Every key below the folder starts with text; all are <= startAfter unless startAfter starts with it.
    return text.compareTo(startAfter) < 0 && !startAfter.startsWith(text);
  }

  private static String maxOf(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null; // deleted since the folder was read
    }
  }

  /** Whether a file or folder name can be one segment of a key (the staging folder's cannot). */
  static boolean isValidSegment(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '\\' || c == '/') {
        return false;
      }
    }
    return true;
  }
}
