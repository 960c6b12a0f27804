package dev.pedigree.artifacts;

import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Retry;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.objects.StatCache;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts, their numbered versions and their aliases. Obtain it from
 * {@code Repository.artifacts()}.
 *
 * <p>Storage: each artifact's versions are the log of ref {@code artifacts/<name>/versions},
 * entry {@code n} naming the record of version {@code n}, so a version number is claimed by
 * creating its log entry if absent and concurrent registrations never share one. Aliases are
 * refs {@code artifacts/<name>/aliases/<alias>} whose logs are their histories. Every change
 * is written to the audit log after it takes effect.
 */
public final class ArtifactRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactRegistry.class);
  private static final String KIND_ATTRIBUTE = "kind";
  private static final String VERSION_ATTRIBUTE = "version";

  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditLog audit;
  private final Supplier<String> actor;
  private final Clock clock;
  private final Path statCacheFile;
  private StatCache statCache;

  /**
   * Creates the registry over the object, ref and audit stores of one repository.
   *
   * @param objects the object store
   * @param refs the ref store
   * @param audit the audit log
   * @param actor who makes changes (asked at each change)
   * @param clock the clock for creation times
   * @param statCacheFile the local stat cache that registering a folder reads and updates
   */
  public ArtifactRegistry(ObjectStore objects, RefStore refs, AuditLog audit, Supplier<String> actor, Clock clock,
      Path statCacheFile) {
    this.objects = Objects.requireNonNull(objects, "objects");
    this.refs = Objects.requireNonNull(refs, "refs");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.statCacheFile = Objects.requireNonNull(statCacheFile, "statCacheFile");
  }

  /**
   * Registers a new version: stores its content (deduplicated), claims the next version
   * number, and records the registration in the audit log.
   *
   * @param request what to register
   * @return the new version
   * @throws InvalidRequestException if the artifact exists with another kind
   */
  public ArtifactVersion register(NewVersion request) {
    String name = request.artifact();
    ensureArtifact(name, request.kind());
    NewVersion.Content content = request.content();
    Digest digest;
    ContentLayout layout;
    long size;
    if (content.file() != null) {
      digest = objects.ingest(content.file());
      layout = ContentLayout.FILE;
      size = objects.size(digest);
    } else if (content.directory() != null) {
      DirectorySnapshot snapshot = ingestDirectory(content.directory());
      digest = snapshot.digest();
      layout = ContentLayout.DIRECTORY;
      size = snapshot.manifest().totalSize();
    } else if (content.bytes() != null) {
      digest = objects.put(content.bytes());
      layout = ContentLayout.FILE;
      size = content.bytes().length;
    } else {
      digest = content.stored();
      layout = content.storedLayout();
      if (!objects.contains(digest)) {
        throw new ArtifactNotFoundException(digest.toString(), "Cannot register a version of '" + name + "' from object "
            + digest + ": it is not in the store; ingest the content first");
      }
      size = layout == ContentLayout.DIRECTORY ? objects.readManifest(digest).totalSize() : objects.size(digest);
    }
    String who = actor.get();
    RefName versions = versionsRef(name);
    ArtifactVersion registered = Retry.onConflict(Retry.DEFAULT_ATTEMPTS * 4, () -> {
      Optional<RefEntry> head = refs.head(versions);
      int number = Math.toIntExact(head.map(RefEntry::sequence).orElse(0L) + 1);
      VersionRecord record = new VersionRecord(VersionRecord.FORMAT, name, number, request.kind(), digest, layout, size,
          new TreeMap<>(request.params()), new TreeMap<>(request.metrics()), new TreeMap<>(request.tags()),
          request.description(), clock.instant(), who, request.producedBy().orElse(null));
      Digest recordDigest = objects.put(Json.write(record));
      RefEntry entry = refs.update(RefUpdate.of(versions).expect(head.flatMap(RefEntry::value)).to(recordDigest)
          .actor(who).reason("register version " + number).build());
      if (entry.sequence() != number) {
        // Unreachable while record digests are unique, which their number and time make them.
        throw new IllegalStateException("Version log of '" + name + "' advanced unexpectedly to " + entry.sequence());
      }
      return record.toVersion(recordDigest, record.tags());
    });
    Map<String, String> details = new LinkedHashMap<>();
    details.put("record", registered.recordDigest().toString());
    details.put("content", digest.toString());
    details.put("kind", request.kind().name());
    request.producedBy().ifPresent(run -> details.put("run", run));
    audit.append(AuditEventType.VERSION_REGISTERED, registered.id().toString(), who, details);
    LOG.info("Registered {} ({} bytes, {})", registered.id(), size, digest.shortHex());
    return registered;
  }

  /** Ingests a folder through the stat cache, which is read once and saved after each folder. */
  private DirectorySnapshot ingestDirectory(Path directory) {
    StatCache cache;
    synchronized (this) {
      if (statCache == null) {
        statCache = StatCache.open(statCacheFile);
      }
      cache = statCache;
    }
    DirectorySnapshot snapshot = objects.ingestDirectory(directory, cache);
    try {
      cache.save();
    } catch (StorageException e) {
      // The content is stored; a cache that cannot be saved only costs hashing next time.
      LOG.warn("{}", e.getMessage());
    }
    return snapshot;
  }

  private void ensureArtifact(String name, ArtifactKind kind) {
    RefName index = indexRef(name);
    Optional<Digest> existing = refs.read(index);
    if (existing.isEmpty()) {
      Digest info = objects.put(Json.write(new ArtifactInfo(name, kind)));
      try {
        refs.update(RefUpdate.of(index).expectAbsent().to(info).actor(actor.get()).reason("create artifact").build());
        return;
      } catch (RefConflictException e) {
        existing = refs.read(index);
      }
    }
    ArtifactKind stored = readInfo(existing.orElseThrow()).kind();
    if (stored != kind) {
      throw new InvalidRequestException("Cannot register a " + kind + " version of '" + name + "': the artifact holds "
          + stored + " versions; register it under another name, or use kind " + stored);
    }
  }

  /**
   * Returns a version by number.
   *
   * @param id the artifact and number
   * @return the version with its current tags
   * @throws ArtifactNotFoundException if there is no such version
   */
  public ArtifactVersion version(VersionId id) {
    return findVersion(id).orElseThrow(() -> notFound(id.toString(), "there is no version " + id.number()
        + " of artifact '" + id.artifact() + "'" + latestHint(id.artifact())));
  }

  /**
   * Finds a version by number.
   *
   * @param id the artifact and number
   * @return the version, or empty
   */
  public Optional<ArtifactVersion> findVersion(VersionId id) {
    return refs.entry(versionsRef(id.artifact()), id.number()).flatMap(RefEntry::value).map(this::readVersion);
  }

  /**
   * Returns the newest version of an artifact.
   *
   * @param artifact the name
   * @return the version, or empty when the artifact has none
   */
  public Optional<ArtifactVersion> latest(String artifact) {
    ArtifactNames.requireValid(artifact, "artifact");
    return refs.read(versionsRef(artifact)).map(this::readVersion);
  }

  /**
   * Resolves a reference such as {@code churn-model@production}, {@code churn-model:7} or
   * {@code churn-model}.
   *
   * @param reference the reference text
   * @return the version it names
   * @throws ArtifactNotFoundException if it names nothing
   */
  public ArtifactVersion resolve(String reference) {
    return resolve(ArtifactRef.parse(reference));
  }

  /**
   * Resolves a reference.
   *
   * @param ref the reference
   * @return the version it names
   * @throws ArtifactNotFoundException if it names nothing
   */
  public ArtifactVersion resolve(ArtifactRef ref) {
    if (ref.version().isPresent()) {
      return version(new VersionId(ref.artifact(), ref.version().getAsInt()));
    }
    if (ref.alias().isPresent()) {
      return alias(ref.artifact(), ref.alias().get()).orElseThrow(() -> notFound(ref.toString(), "artifact '"
          + ref.artifact() + "' has no alias '" + ref.alias().get() + "'" + aliasHint(ref.artifact())));
    }
    return latest(ref.artifact()).orElseThrow(() -> notFound(ref.toString(), "there is no artifact named '"
        + ref.artifact() + "'"));
  }

  /**
   * Lists artifacts whose names start with a prefix, in name order.
   *
   * @param namePrefix the prefix ({@code ""} for all)
   * @return the artifacts
   */
  public Stream<ArtifactInfo> list(String namePrefix) {
    return refs.list("index/artifacts/" + namePrefix).map(ref -> readInfo(refs.read(ref).orElseThrow()));
  }

  /**
   * Lists artifacts of one kind whose names start with a prefix.
   *
   * @param namePrefix the prefix
   * @param kind the kind
   * @return the artifacts
   */
  public Stream<ArtifactInfo> list(String namePrefix, ArtifactKind kind) {
    return list(namePrefix).filter(info -> info.kind() == kind);
  }

  /**
   * Lists the versions of an artifact that match a query, newest first, one page at a time.
   *
   * @param artifact the name
   * @param query filters and page size
   * @param pageToken the token of the page to fetch, or {@code null} for the first
   * @return the page
   */
  public Page<ArtifactVersion> versions(String artifact, VersionQuery query, String pageToken) {
    ArtifactNames.requireValid(artifact, "artifact");
    long start;
    if (pageToken == null) {
      start = refs.head(versionsRef(artifact)).map(RefEntry::sequence).orElse(0L);
    } else {
      if (!pageToken.matches("[0-9]{1,10}")) {
        throw new InvalidRequestException("Cannot list versions of '" + artifact + "': page token '" + pageToken
            + "' is not one this registry returned; pass null for the first page");
      }
      start = Long.parseLong(pageToken);
    }
    List<ArtifactVersion> items = new ArrayList<>();
    long number = start;
    while (number >= 1 && items.size() < query.pageSize()) {
      findVersion(new VersionId(artifact, (int) number)).filter(query::matches).ifPresent(items::add);
      number--;
    }
    return new Page<>(items, number >= 1 ? Optional.of(Long.toString(number)) : Optional.empty());
  }

  /**
   * Returns the version an alias holds.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @return the version, or empty when the alias does not exist
   */
  public Optional<ArtifactVersion> alias(String artifact, String alias) {
    return refs.read(aliasRef(artifact, alias)).map(this::readVersion);
  }

  /**
   * Returns the position of an alias's newest history entry, read with one listing of one key
   * (no record is read). It grows by one with every move, rollback or removal, so a service that
   * follows an alias polls this and reads {@link #alias(String, String)} only when it changed.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @return the number of the alias's newest move (from 1), or empty when the alias never existed
   */
  public OptionalLong aliasPosition(String artifact, String alias) {
    return refs.headSequence(aliasRef(artifact, alias));
  }

  /**
   * Returns every alias of an artifact with the version number it holds.
   *
   * @param artifact the artifact
   * @return alias names in order, mapped to version numbers
   */
  public Map<String, Integer> aliases(String artifact) {
    ArtifactNames.requireValid(artifact, "artifact");
    String prefix = "artifacts/" + artifact + "/aliases/";
    Map<String, Integer> result = new TreeMap<>();
    refs.list(prefix).forEach(ref -> refs.head(ref).ifPresent(head -> head.value().ifPresent(v ->
        result.put(ref.value().substring(prefix.length()), versionNumberOf(head)))));
    return result;
  }

  /**
   * Moves an alias to a version, whatever it holds now (retrying if another writer moves it
   * at the same moment), and records the move.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @param version the version number it will hold
   * @param reason why
   * @return the move as recorded
   */
  public AliasChange moveAlias(String artifact, String alias, int version, String reason) {
    return Retry.onConflict(Retry.DEFAULT_ATTEMPTS, () -> {
      OptionalInt current = holder(artifact, alias);
      return move(AliasMove.of(artifact, alias).to(version).expecting(current).reason(reason).build());
    });
  }

  /**
   * Moves an alias by compare-and-swap: only if it holds the expected version (or is absent,
   * when that is expected), and records the move in its history and the audit log.
   *
   * @param move the move
   * @return the move as recorded
   * @throws RefConflictException if the alias holds another version than expected
   * @throws ArtifactNotFoundException if the target version does not exist
   */
  public AliasChange move(AliasMove move) {
    ArtifactVersion target = version(new VersionId(move.artifact(), move.version()));
    RefName ref = aliasRef(move.artifact(), move.alias());
    Optional<Digest> expected;
    if (move.expectedVersion().isPresent()) {
      expected = Optional.of(version(new VersionId(move.artifact(), move.expectedVersion().getAsInt())).recordDigest());
    } else if (move.expectAbsent()) {
      expected = Optional.empty();
    } else {
      expected = refs.read(ref);
    }
    String who = actor.get();
    RefEntry entry = refs.update(RefUpdate.of(ref).expect(expected).to(target.recordDigest()).actor(who)
        .reason(move.reason()).attribute(KIND_ATTRIBUTE, move.kind().name())
        .attribute(VERSION_ATTRIBUTE, Integer.toString(move.version())).build());
    AliasChange change = toChange(move.artifact(), move.alias(), entry);
    Map<String, String> details = new LinkedHashMap<>();
    change.from().ifPresent(v -> details.put("from", Integer.toString(v)));
    details.put("to", Integer.toString(move.version()));
    details.put("kind", move.kind().name());
    details.put("reason", move.reason());
    audit.append(move.kind() == AliasChange.Kind.ROLLBACK ? AuditEventType.ALIAS_ROLLED_BACK : AuditEventType.ALIAS_MOVED,
        move.artifact() + "@" + move.alias(), who, details);
    LOG.info("Moved {}@{} from {} to {} ({}): {}", move.artifact(), move.alias(),
        change.from().isPresent() ? change.from().getAsInt() : "nothing", move.version(), move.kind(), move.reason());
    return change;
  }

  /**
   * Returns the history of an alias, newest first.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @return every move
   */
  public List<AliasChange> aliasHistory(String artifact, String alias) {
    try (Stream<RefEntry> entries = refs.history(aliasRef(artifact, alias))) {
      return entries.map(e -> toChange(artifact, alias, e)).toList();
    }
  }

  /**
   * Moves an alias back to the version it held before its current holder arrived. Rolling
   * back twice goes back two holders, as an undo would.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @param reason why
   * @return the move as recorded
   * @throws RollbackUnavailableException if the alias never held another version
   */
  public AliasChange rollback(String artifact, String alias, String reason) {
    return Retry.onConflict(Retry.DEFAULT_ATTEMPTS, () -> {
      List<AliasChange> history = aliasHistory(artifact, alias);
      if (history.isEmpty() || history.get(0).to().isEmpty()) {
        throw new RollbackUnavailableException("Cannot roll back " + artifact + "@" + alias
            + ": the alias does not exist; move it to a version first");
      }
      int current = history.get(0).to().getAsInt();
      OptionalInt previous = OptionalInt.empty();
      for (AliasChange change : history) {
        if (change.kind() != AliasChange.Kind.ROLLBACK && change.to().equals(OptionalInt.of(current))) {
          previous = change.from();
          break;
        }
      }
      if (previous.isEmpty()) {
        throw new RollbackUnavailableException("Cannot roll back " + artifact + "@" + alias + ": it has held only version "
            + current + " and no earlier one; use rollbackTo(artifact, alias, version, reason) to name a version");
      }
      return move(AliasMove.of(artifact, alias).to(previous.getAsInt()).expecting(current)
          .kind(AliasChange.Kind.ROLLBACK).reason(reason).build());
    });
  }

  /**
   * Moves an alias back to a named version, recorded as a rollback.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @param version the version to restore
   * @param reason why
   * @return the move as recorded
   */
  public AliasChange rollbackTo(String artifact, String alias, int version, String reason) {
    return Retry.onConflict(Retry.DEFAULT_ATTEMPTS, () -> move(AliasMove.of(artifact, alias).to(version)
        .expecting(holder(artifact, alias)).kind(AliasChange.Kind.ROLLBACK).reason(reason).build()));
  }

  /**
   * Sets a tag on a version, recorded in the audit log.
   *
   * @param id the version
   * @param name the tag
   * @param value its value
   * @return the version with its new tags
   */
  public ArtifactVersion setTag(VersionId id, String name, String value) {
    ArtifactNames.requireValid(name, "tag");
    Objects.requireNonNull(value, "value");
    return changeTags(id, tags -> tags.put(name, value), "set tag " + name + "=" + value);
  }

  /**
   * Removes a tag from a version, recorded in the audit log.
   *
   * @param id the version
   * @param name the tag
   * @return the version with its new tags
   */
  public ArtifactVersion removeTag(VersionId id, String name) {
    return changeTags(id, tags -> tags.remove(name), "remove tag " + name);
  }

  private ArtifactVersion changeTags(VersionId id, java.util.function.Consumer<Map<String, String>> edit, String what) {
    ArtifactVersion version = version(id);
    String who = actor.get();
    RefName ref = tagsRef(id);
    refs.update(ref, current -> {
      Map<String, String> tags = new TreeMap<>(current.map(this::readTags).orElse(version.tags()));
      edit.accept(tags);
      return Optional.of(objects.put(Json.write(tags)));
    }, who, what);
    audit.append(AuditEventType.TAGS_CHANGED, id.toString(), who, Map.of("change", what));
    return version(id);
  }

  /**
   * Opens a file version's content, verified as it is read to the end.
   *
   * @param version the version
   * @return a stream the caller closes
   * @throws InvalidRequestException if the version is a directory
   */
  public InputStream open(ArtifactVersion version) {
    if (version.layout() != ContentLayout.FILE) {
      throw new InvalidRequestException("Cannot open " + version.id() + " as a stream: it is a directory; use checkout()");
    }
    return objects.open(version.content());
  }

  /**
   * Writes a file version's content to a file, verified before it appears.
   *
   * @param version the version
   * @param target the file
   */
  public void copyTo(ArtifactVersion version, Path target) {
    if (version.layout() != ContentLayout.FILE) {
      throw new InvalidRequestException("Cannot copy " + version.id() + " to a file: it is a directory; use checkout()");
    }
    objects.copyTo(version.content(), target);
  }

  /**
   * Materialises a version into a directory: a directory version's files, or a file version
   * as one file named after the artifact.
   *
   * @param version the version
   * @param target the directory
   */
  public void checkout(ArtifactVersion version, Path target) {
    if (version.layout() == ContentLayout.DIRECTORY) {
      objects.checkout(version.content(), target);
    } else {
      objects.copyTo(version.content(), target.resolve(version.artifact()));
    }
  }

  /**
   * Lists the files of a directory version (path, digest, size, mode), read from its stored
   * manifest, without materialising any content.
   *
   * @param version a directory version
   * @return its manifest, entries sorted by path
   * @throws InvalidRequestException when the version is a single file
   */
  public Manifest manifest(ArtifactVersion version) {
    if (version.layout() != ContentLayout.DIRECTORY) {
      throw new InvalidRequestException("Cannot list the files of " + version.id() + ": it is a single file, not a"
          + " directory; read it with open() or copyTo()");
    }
    return objects.readManifest(version.content());
  }

  /**
   * Streams the record digest of every registered version, for verification.
   *
   * @param artifact the artifact
   * @return version log entries, newest first
   */
  public Stream<RefEntry> versionLog(String artifact) {
    return refs.history(versionsRef(artifact));
  }

  private OptionalInt holder(String artifact, String alias) {
    return refs.head(aliasRef(artifact, alias)).filter(h -> h.value().isPresent())
        .map(h -> OptionalInt.of(versionNumberOf(h))).orElse(OptionalInt.empty());
  }

  private int versionNumberOf(RefEntry entry) {
    return entry.attribute(VERSION_ATTRIBUTE).map(Integer::parseInt)
        .orElseGet(() -> readVersion(entry.value().orElseThrow()).number());
  }

  private AliasChange toChange(String artifact, String alias, RefEntry entry) {
    OptionalInt to = entry.value().isPresent() ? OptionalInt.of(versionNumberOf(entry)) : OptionalInt.empty();
    OptionalInt from = OptionalInt.empty();
    if (entry.previous().isPresent()) {
      from = OptionalInt.of(entry.sequence() > 1
          ? refs.entry(entry.name(), entry.sequence() - 1).map(this::versionNumberOf)
              .orElseGet(() -> readVersion(entry.previous().get()).number())
          : readVersion(entry.previous().get()).number());
    }
    AliasChange.Kind kind = entry.value().isEmpty() ? AliasChange.Kind.REMOVAL
        : entry.attribute(KIND_ATTRIBUTE).map(AliasChange.Kind::valueOf).orElse(AliasChange.Kind.MOVE);
    return new AliasChange(artifact, alias, entry.sequence(), from, to, entry.time(), entry.actor(), entry.reason(), kind);
  }

  ArtifactVersion readVersion(Digest recordDigest) {
    VersionRecord record = readJson(recordDigest, VersionRecord.class, "version record");
    if (!VersionRecord.FORMAT.equals(record.format())) {
      throw new CorruptRecordException(ObjectStore.keyOf(recordDigest).value(), "Cannot read version record "
          + recordDigest + ": its format is '" + record.format() + "', not '" + VersionRecord.FORMAT + "'", null);
    }
    Map<String, String> tags = refs.read(tagsRef(new VersionId(record.artifact(), record.number())))
        .map(this::readTags).orElse(record.tags() == null ? Map.of() : record.tags());
    return record.toVersion(recordDigest, tags);
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> readTags(Digest digest) {
    return readJson(digest, Map.class, "tag set");
  }

  private ArtifactInfo readInfo(Digest digest) {
    return readJson(digest, ArtifactInfo.class, "artifact record");
  }

  private <T> T readJson(Digest digest, Class<T> type, String what) {
    byte[] bytes = objects.readAllBytes(digest);
    try {
      return Json.read(bytes, type);
    } catch (IOException e) {
      throw new CorruptRecordException(ObjectStore.keyOf(digest).value(), "Cannot read " + what + " " + digest
          + ": it is not valid JSON of that kind; restore it from a backup", e);
    }
  }

  private String latestHint(String artifact) {
    return refs.head(versionsRef(artifact)).map(h -> " (the latest is " + h.sequence() + ")")
        .orElse(" (the artifact has no versions)");
  }

  private String aliasHint(String artifact) {
    Map<String, Integer> all = aliases(artifact);
    return all.isEmpty() ? "; it has no aliases yet, move one with moveAlias()" : "; its aliases are " + all.keySet();
  }

  private static ArtifactNotFoundException notFound(String reference, String why) {
    return new ArtifactNotFoundException(reference, "Cannot resolve '" + reference + "': " + why
        + "; check the name, or list what exists with artifacts().list(\"\")");
  }

  static RefName versionsRef(String artifact) {
    return RefName.of("artifacts/" + ArtifactNames.requireValid(artifact, "artifact") + "/versions");
  }

  static RefName aliasRef(String artifact, String alias) {
    return RefName.of("artifacts/" + ArtifactNames.requireValid(artifact, "artifact") + "/aliases/"
        + ArtifactNames.requireValid(alias, "alias"));
  }

  static RefName tagsRef(VersionId id) {
    return RefName.of("artifacts/" + id.artifact() + "/tags/" + id.number());
  }

  static RefName indexRef(String artifact) {
    return RefName.of("index/artifacts/" + ArtifactNames.requireValid(artifact, "artifact"));
  }
}
