package dev.pedigree.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.exceptions.InvalidNameException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the folder listing against a sorted set of the same keys, for random keys built from
 * the characters around {@code /} in ASCII order, with random prefixes, start keys and page
 * sizes, and with no margin at all so that every folder is read again in parts.
 */
class FileKeyListerTest {
  private static final String[] PIECES = {"a", "b", "-", ".", "0", "!", "~", "ab", "a-", "a."};

  @TempDir
  Path root;

  @Test
  void randomListingsMatchASortedSetOfTheSameKeys() throws IOException {
    Random random = new Random(7);
    NavigableSet<String> keys = writeRandomKeys(random, 300);
    List<String> prefixes = new ArrayList<>(List.of("", "a", "a/", "a-", "a.", "a.b", "b/", "!", "~/"));
    List<String> all = new ArrayList<>(keys);
    for (int i = 0; i < 12; i++) {
      String k = all.get(random.nextInt(all.size()));
      prefixes.add(k.substring(0, 1 + random.nextInt(k.length())));
    }

    for (String prefix : prefixes) {
      if (!isValidPrefix(prefix)) {
        continue;
      }
      for (int slack : new int[] {0, 1, FileKeyLister.DEFAULT_SLACK}) {
        for (int maxKeys : new int[] {1, 2, 3, 10, 1000}) {
          String startAfter = randomStartAfter(random, all);
          BlobKey after = startAfter == null ? null : BlobKey.of(startAfter);
          BlobPage page = new FileKeyLister(root, after, maxKeys, slack).list(prefix);
          assertThat(page).as("prefix '%s' after %s, %d keys, slack %d", prefix, startAfter, maxKeys, slack)
              .isEqualTo(expectedPage(keys, prefix, startAfter, maxKeys));
        }
        if (slack == 1) {
          continue; // paging through is proven with no margin and with the default one
        }
        int pageSize = slack == 0 ? 3 : 16;
        assertThat(pageThrough(prefix, pageSize, slack)).as("all of '%s' in pages of %d, slack %d", prefix, pageSize, slack)
            .containsExactlyElementsOf(keys.stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toList()));
      }
    }
  }

  @Test
  void aLargeFolderIsReadAgainInPartsWithoutLosingOrRepeatingKeys() throws IOException {
    NavigableSet<String> keys = new TreeSet<>();
    for (int i = 0; i < 1200; i++) {
      keys.add(String.format("big/e%04d", i));
    }
    // Names that are proper prefixes of one another sort out of name order when they are folders.
    keys.addAll(List.of("big/x/1", "big/x-", "big/x.", "big/x0", "big/x/2/3", "big/xx", "big/x!"));
    for (String k : keys) {
      write(k);
    }

    int[][] pagesAndSlacks = {{20, 0}, {50, 3}, {50, FileKeyLister.DEFAULT_SLACK}, {2000, 0}};
    for (int[] pageAndSlack : pagesAndSlacks) {
      assertThat(pageThrough("big/", pageAndSlack[0], pageAndSlack[1]))
          .as("pages of %d, slack %d", pageAndSlack[0], pageAndSlack[1]).containsExactlyElementsOf(keys);
    }
    List<String> all = new ArrayList<>(keys);
    for (int i = 0; i < all.size() - 1; i += 97) {
      BlobPage one = new FileKeyLister(root, BlobKey.of(all.get(i)), 1, 0).list("big/");
      assertThat(one).as("one key after %s", all.get(i))
          .isEqualTo(new BlobPage(List.of(new BlobInfo(BlobKey.of(all.get(i + 1)), all.get(i + 1).length() % 7)),
              i + 2 < all.size() ? Optional.of(BlobKey.of(all.get(i + 1))) : Optional.empty()));
    }
    BlobPage head = new FileKeyLister(root, null, 1, FileKeyLister.DEFAULT_SLACK).list("big/");
    assertThat(head.entries()).extracting(info -> info.key().value()).containsExactly("big/e0000");
    BlobPage afterFolder = new FileKeyLister(root, BlobKey.of("big/x/2/3"), 2, 0).list("big/");
    assertThat(afterFolder.entries()).extracting(info -> info.key().value()).containsExactly("big/x0", "big/xx");
  }

  private List<String> pageThrough(String prefix, int maxKeys, int slack) throws IOException {
    List<String> listed = new ArrayList<>();
    BlobKey after = null;
    while (true) {
      BlobPage page = new FileKeyLister(root, after, maxKeys, slack).list(prefix);
      page.entries().forEach(info -> listed.add(info.key().value()));
      if (!page.hasMore()) {
        return listed;
      }
      after = page.nextStartAfter().orElseThrow();
    }
  }

  private NavigableSet<String> writeRandomKeys(Random random, int count) throws IOException {
    NavigableSet<String> keys = new TreeSet<>();
    while (keys.size() < count) {
      StringBuilder key = new StringBuilder();
      int depth = 1 + random.nextInt(3);
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          key.append('/');
        }
        int pieces = 1 + random.nextInt(2);
        for (int p = 0; p < pieces; p++) {
          key.append(PIECES[random.nextInt(PIECES.length)]);
        }
      }
      String k = key.toString();
      if (isValidKey(k) && !clashes(keys, k)) {
        keys.add(k);
        write(k);
      }
    }
    return keys;
  }

  /** A folder cannot be a file too: skip a key that is a '/'-prefix of another, or has one. */
  private static boolean clashes(NavigableSet<String> keys, String k) {
    String folder = k + "/";
    String above = keys.ceiling(folder);
    if (above != null && above.startsWith(folder)) {
      return true;
    }
    for (int i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) {
      if (keys.contains(k.substring(0, i))) {
        return true;
      }
    }
    return false;
  }

  private void write(String key) throws IOException {
    Path file = root.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[key.length() % 7]);
  }

  private static BlobPage expectedPage(NavigableSet<String> keys, String prefix, String startAfter, int maxKeys) {
    NavigableSet<String> from = startAfter == null ? keys : keys.tailSet(startAfter, false);
    List<BlobInfo> entries = new ArrayList<>();
    for (String k : from) {
      if (!k.startsWith(prefix)) {
        if (k.compareTo(prefix) > 0) {
          break;
        }
        continue;
      }
      if (entries.size() == maxKeys) {
        return new BlobPage(entries, Optional.of(entries.get(maxKeys - 1).key()));
      }
      entries.add(new BlobInfo(BlobKey.of(k), k.length() % 7));
    }
    return new BlobPage(entries, Optional.empty());
  }

  private static String randomStartAfter(Random random, List<String> keys) {
    switch (random.nextInt(4)) {
      case 0:
        return null;
      case 1:
        return keys.get(random.nextInt(keys.size()));
      default:
        String k = keys.get(random.nextInt(keys.size()));
        String cut = k.substring(0, 1 + random.nextInt(k.length()));
        String candidate = cut + PIECES[random.nextInt(PIECES.length)];
        return isValidKey(candidate) ? candidate : null;
    }
  }

  private static boolean isValidKey(String k) {
    try {
      BlobKey.of(k);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }

  private static boolean isValidPrefix(String prefix) {
    try {
      BlobKey.requireValidPrefix(prefix);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }
}
