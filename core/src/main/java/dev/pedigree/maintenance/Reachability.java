package dev.pedigree.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the roots of a repository reach: the mark of garbage collection, and the walk a writer
 * makes from the value it is about to commit.
 *
 * <p>The rule: every value any ref log entry ever held is reached (version records, alias
 * targets, tag sets, run records, tombstones, artifact records, stage success records). The
 * content of a version (its file object, or its manifest and every file the manifest names)
 * is reached while the version is not deleted, and while an alias's newest entry holds it.
 * The lineage index named by each lineage checkpoint and the verdict record named by each
 * gate verdict audit event are reached too. Records never change, so what one reaches is
 * remembered; entries never change, so a second mark reads only new ones.
 */
final class Reachability {
  // The ref names ArtifactRegistry gives versions, tombstones and aliases.
  private static final Pattern VERSIONS = Pattern.compile("artifacts/([^/]+)/versions");
  private static final Pattern DELETED = Pattern.compile("artifacts/([^/]+)/deleted/([0-9]+)");
  private static final Pattern ALIAS = Pattern.compile("artifacts/([^/]+)/aliases/.+");
  private static final String VERSION_FORMAT = "pedigree.version/1";
  private static final String CHECKPOINTS = StoreLayout.LINEAGE_CHECKPOINTS;

  private final BlobStore store;
  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditLog audit;
  private final Map<BlobKey, RefEntry> entries = new HashMap<>();
  private final Map<Digest, List<Digest>> contents = new ConcurrentHashMap<>();
  private final Map<BlobKey, Digest> checkpoints = new HashMap<>();
  private final Set<Digest> verdicts = new HashSet<>();
  private long auditRead;

  Reachability(BlobStore store, ObjectStore objects, RefStore refs, AuditLog audit) {
    this.store = store;
    this.objects = objects;
    this.refs = refs;
    this.audit = audit;
  }

  /**
   * Reads every root as it is now and returns every object reached. Reading fails rather
   * than guess: an unreadable record could hide content that is still in use.
   */
  Set<Digest> mark(GcListener listener) {
    Set<BlobKey> present = new HashSet<>();
    long[] read = {0};
    refs.entryKeys("").forEach(key -> {
      present.add(key);
      if (!entries.containsKey(key)) {
        entries.put(key, refs.entryAt(key));
        if (++read[0] % 1000 == 0) {
          listener.progress(GcPhase.MARK, read[0], -1);
        }
      }
    });
    entries.keySet().retainAll(present);
    Map<RefName, RefEntry> heads = new HashMap<>();
    for (RefEntry entry : entries.values()) {
      heads.merge(entry.name(), entry, (a, b) -> a.sequence() >= b.sequence() ? a : b);
    }
    Set<String> deleted = new HashSet<>();
    for (RefEntry head : heads.values()) {
      Matcher m = DELETED.matcher(head.name().value());
      if (m.matches() && head.value().isPresent()) {
        deleted.add(m.group(1) + ":" + m.group(2));
      }
    }
    Set<Digest> reached = new HashSet<>();
    for (RefEntry entry : entries.values()) {
      if (entry.value().isEmpty()) {
        continue;
      }
      Digest value = entry.value().get();
      reached.add(value);
      String name = entry.name().value();
      Matcher versions = VERSIONS.matcher(name);
      if (versions.matches() && !deleted.contains(versions.group(1) + ":" + entry.sequence())) {
        reached.addAll(contentOf(value));
      } else if (ALIAS.matcher(name).matches() && heads.get(entry.name()) == entry) {
        reached.addAll(contentOf(value));
      }
    }
    reached.addAll(checkpointIndexes());
    reached.addAll(verdictRecords());
    listener.progress(GcPhase.MARK, entries.size(), entries.size());
    return reached;
  }

  /** What a ref's new value reaches, for a writer about to commit it. */
  Set<Digest> reachedBy(RefName name, Digest value) {
    Set<Digest> reached = new HashSet<>();
    reached.add(value);
    if (VERSIONS.matcher(name.value()).matches() || ALIAS.matcher(name.value()).matches()) {
      reached.addAll(contentOf(value));
    }
    return reached;
  }

  /** The content a version record names: its object, or its manifest and the manifest's files. */
  private List<Digest> contentOf(Digest record) {
    List<Digest> known = contents.get(record);
    if (known != null) {
      return known;
    }
    // A record that cannot be read stops the collection: what it refers to is unknown.
    Optional<Content> named = Records.read(objects, record, JsonNode.class, "version record",
        "garbage collection cannot know what it refers to; run verify() and restore it from a backup",
        node -> VERSION_FORMAT.equals(node.path("format").asText()) && node.hasNonNull("content")
            ? Optional.of(new Content(Digest.parse(node.get("content").asText()),
                "DIRECTORY".equals(node.path("layout").asText())))
            : Optional.<Content>empty());
    List<Digest> reached = new ArrayList<>();
    if (named.isPresent()) {
      reached.add(named.get().digest());
      if (named.get().directory()) {
        for (ManifestEntry entry : objects.readManifest(named.get().digest()).entries()) {
          reached.add(entry.digest());
        }
      }
    }
    List<Digest> result = List.copyOf(reached);
    contents.put(record, result);
    return result;
  }

  /** What a version record names: its content object, and whether that is a directory's manifest. */
  private record Content(Digest digest, boolean directory) {
  }

  private Set<Digest> checkpointIndexes() {
    Set<BlobKey> present = new HashSet<>();
    store.listAll(CHECKPOINTS).forEach(info -> {
      present.add(info.key());
      if (!checkpoints.containsKey(info.key())) {
        checkpoints.put(info.key(), readCheckpoint(info.key()));
      }
    });
    checkpoints.keySet().retainAll(present);
    Set<Digest> indexes = new HashSet<>(checkpoints.values());
    indexes.remove(null);
    return indexes;
  }

  /** The index a checkpoint names, or null when it cannot be read: the index is only a cache, rebuilt without it. */
  private Digest readCheckpoint(BlobKey key) {
    try (InputStream in = store.read(key)) {
      JsonNode node = Json.mapper().readTree(in.readAllBytes());
      return node.hasNonNull("index") ? Digest.parse(node.get("index").asText()) : null;
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException && !(e instanceof dev.pedigree.exceptions.BlobNotFoundException)) {
        throw (StorageException) e; // the store cannot be read now: do not guess
      }
      return null;
    }
  }

  private Set<Digest> verdictRecords() {
    audit.events(AuditQuery.all(), auditRead).forEach(event -> {
      auditRead = Math.max(auditRead, event.sequence());
      if (event.type() == AuditEventType.GATE_VERDICT) {
        Optional.ofNullable(event.details().get("record")).ifPresent(record -> verdicts.add(Digest.parse(record)));
      }
    });
    return verdicts;
  }
}
