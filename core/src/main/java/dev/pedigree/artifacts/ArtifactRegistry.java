package dev.pedigree.artifacts;

import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.ContentCollectedException;
import dev.pedigree.exceptions.ContentLayoutException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Retry;
import dev.pedigree.objects.CheckoutOption;
import dev.pedigree.internal.Tombstones;
import dev.pedigree.internal.Wiring;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
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
 * and its audit event are one fact ({@code AuditedChanges}): a crash or failed write between
 * them is completed or undone by recovery, and a retry with the same request id
 * ({@link NewVersion.Builder#requestId}, {@link AliasMove.Builder#requestId}) returns the first
 * outcome.
 */
public final class ArtifactRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactRegistry.class);
  private static final String KIND_ATTRIBUTE = "kind";
  private static final String VERSION_ATTRIBUTE = "version";
  private static final int COLLECTED_ATTEMPTS = 5;

  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditedChanges changes;
  private final Supplier<String> actor;
  private final Clock clock;
  private final Path statCacheFile;
  private StatCache statCache;
  private final Tombstones tombstones;

  static {
    Wiring.install(ArtifactRegistry::new);
  }

  /**
   * Creates the registry over the object and ref stores of one repository. Internal: obtain
   * the registry from {@code Repository.artifacts()}; {@code Repository} builds it through
   * {@link Wiring}.
   *
   * @param objects the object store
   * @param refs the ref store, read directly
   * @param changes the one way refs change, each with its audit event
   * @param actor who makes changes (asked at each change)
   * @param clock the clock for creation times
   * @param statCacheFile the local stat cache that registering a folder reads and updates
   */
  ArtifactRegistry(ObjectStore objects, RefStore refs, AuditedChanges changes, Supplier<String> actor,
      Clock clock, Path statCacheFile) {
    this.objects = InvalidRequestException.requireNonNull(objects, "objects");
    this.refs = InvalidRequestException.requireNonNull(refs, "refs");
    this.changes = InvalidRequestException.requireNonNull(changes, "changes");
    this.actor = InvalidRequestException.requireNonNull(actor, "actor");
    this.clock = InvalidRequestException.requireNonNull(clock, "clock");
    this.statCacheFile = InvalidRequestException.requireNonNull(statCacheFile, "statCacheFile");
    this.tombstones = new Tombstones(objects, refs, changes, clock);
  }

  /**
   * Registers a new version: stores its content (deduplicated), claims the next version
   * number, and records the registration in the audit log.
   *
   * @param request what to register
   * @return the new version
   * @throws InvalidRequestException if the artifact exists with another kind
   * @throws ContentLayoutException if the artifact's versions are directories and this is one
   *     file, or the other way round: an artifact's layout is fixed by its first version
   */
  public ArtifactVersion register(NewVersion request) {
    InvalidRequestException.requireNonNull(request, "request");
    ensureArtifact(request.artifact(), request.kind());
    for (int attempt = 1; ; attempt++) {
      try {
        return registerOnce(request, attempt > 1);
      } catch (ContentCollectedException e) {
        // Garbage collection deleted content this version reuses: storing it again is safe now.
        if (attempt >= COLLECTED_ATTEMPTS || request.content().stored() != null) {
          throw e;
        }
        LOG.debug("Storing the content of a new '{}' version again: {}", request.artifact(), e.getMessage());
      }
    }
  }

  /**
   * Registers once.
   *
   * @param afterCollection whether an earlier attempt lost content to garbage collection: a
   *     folder is then read and checked file by file, since the stat cache's "unchanged, and its
   *     manifest is stored" no longer implies that the manifest's files are
   */
  private ArtifactVersion registerOnce(NewVersion request, boolean afterCollection) {
    String name = request.artifact();
    NewVersion.Content content = request.content();
    ContentLayout requested = content.file() != null || content.bytes() != null ? ContentLayout.FILE
        : content.directory() != null ? ContentLayout.DIRECTORY : content.storedLayout();
    // Fail before ingesting anything; checked again against the head the number is claimed on.
    refs.read(versionsRef(name)).ifPresent(head -> requireLayout(name, readVersion(head).layout(), requested));
    Digest digest;
    ContentLayout layout;
    long size;
    if (content.file() != null) {
      digest = objects.ingest(content.file());
      layout = ContentLayout.FILE;
      size = objects.size(digest);
    } else if (content.directory() != null) {
      DirectorySnapshot snapshot = afterCollection ? objects.ingestDirectory(content.directory())
          : ingestDirectory(content.directory());
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
      if (layout == ContentLayout.DIRECTORY) {
        Manifest manifest = objects.readManifest(digest);
        objects.requireComplete(digest, manifest);
        size = manifest.totalSize();
      } else {
        size = objects.size(digest);
      }
    }
    String who = actor.get();
    RefName versions = versionsRef(name);
    AuditedChanges.Applied applied = changes.apply(request.requestId().orElse(null), versions,
        Retry.DEFAULT_ATTEMPTS * 4, null, head -> {
          head.flatMap(RefEntry::value).ifPresent(previous -> requireLayout(name, readVersion(previous).layout(), layout));
          int number = Math.toIntExact(head.map(RefEntry::sequence).orElse(0L) + 1);
          VersionRecord record = new VersionRecord(VersionRecord.FORMAT, name, number, request.kind(), digest, layout, size,
              new TreeMap<>(request.params()), new TreeMap<>(request.metrics()), new TreeMap<>(request.tags()),
              request.description(), clock.instant(), who, request.producedBy().orElse(null));
          Digest recordDigest = objects.put(Json.write(record));
          Map<String, String> details = new LinkedHashMap<>();
          details.put("record", recordDigest.toString());
          details.put("content", digest.toString());
          details.put("kind", request.kind().name());
          request.producedBy().ifPresent(run -> details.put("run", run));
          return new AuditedChanges.Planned(RefUpdate.of(versions).expect(head.flatMap(RefEntry::value)).to(recordDigest)
              .actor(who).reason("register version " + number).build(), AuditEventType.VERSION_REGISTERED,
              name + ":" + number, details);
        });
    ArtifactVersion registered = readVersion(applied.entry().value().orElseThrow(() -> new CorruptRecordException(
        applied.entry().name().value(), "Cannot register a version of '" + name + "': request " + applied.requestId()
            + " recorded an entry naming no version; run repo.verify()", null)));
    if (applied.replayed()) {
      LOG.info("Request {} already registered {}; returning it", applied.requestId(), registered.id());
      return registered;
    }
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

  private static void requireLayout(String name, ContentLayout existing, ContentLayout requested) {
    if (existing != requested) {
      String have = existing == ContentLayout.FILE ? "single files" : "directories";
      String gave = requested == ContentLayout.FILE ? "a single file" : "a directory";
      String instead = existing == ContentLayout.FILE
          ? "register one file (pack the directory into an archive first)"
          : "register a directory holding the file";
      throw new ContentLayoutException(name, existing.name(), requested.name(), "Cannot register " + gave
          + " as a version of '" + name + "': its versions are " + have + " (layout " + existing
          + ", fixed by its first version); " + instead + ", or use another artifact name");
    }
  }

  private void ensureArtifact(String name, ArtifactKind kind) {
    RefName index = indexRef(name);
    Optional<Digest> existing = refs.read(index);
    if (existing.isEmpty()) {
      Digest info = objects.put(Json.write(new ArtifactInfo(name, kind)));
      try {
        changes.apply(null, index, 1, null, head -> new AuditedChanges.Planned(RefUpdate.of(index)
            .expectAbsent().to(info).actor(actor.get()).reason("create artifact").build(),
            AuditEventType.ARTIFACT_CREATED, name, Map.of("kind", kind.name())));
        return;
      } catch (RefConflictException e) {
        existing = refs.read(index);
      }
    }
    ArtifactKind stored = readInfo(existing.orElseThrow(() -> new RefConflictException(index.value(), null, null,
        "Cannot register a version of '" + name + "': its index entry was removed while it was created; retry"))).kind();
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
   * @throws GoneException if the version was deleted: it says when, by whom and why
   */
  public ArtifactVersion version(VersionId id) {
    InvalidRequestException.requireNonNull(id, "version id");
    return findVersion(id).orElseThrow(() -> notFound(id.toString(), "there is no version " + id.number()
        + " of artifact '" + id.artifact() + "'" + latestHint(id.artifact())));
  }

  /**
   * Finds a version by number.
   *
   * @param id the artifact and number
   * @return the version, or empty
   * @throws GoneException if the version was deleted: it says when, by whom and why
   */
  public Optional<ArtifactVersion> findVersion(VersionId id) {
    InvalidRequestException.requireNonNull(id, "version id");
    Optional<ArtifactVersion> found = findRecord(id);
    if (found.isPresent()) {
      tombstones.requireNotDeleted(deletedRef(id), id.toString(), "read");
    }
    return found;
  }

  /** Finds a version's record whether or not it was deleted. */
  private Optional<ArtifactVersion> findRecord(VersionId id) {
    return refs.entry(versionsRef(id.artifact()), id.number()).flatMap(RefEntry::value).map(this::readVersion);
  }

  /**
   * Returns the newest version of an artifact that was not deleted.
   *
   * @param artifact the name
   * @return the version, or empty when the artifact has none (or all were deleted)
   */
  public Optional<ArtifactVersion> latest(String artifact) {
    ArtifactNames.requireValid(artifact, "artifact");
    long number = refs.head(versionsRef(artifact)).map(RefEntry::sequence).orElse(0L);
    for (; number >= 1; number--) {
      VersionId id = new VersionId(artifact, (int) number);
      if (tombstones.find(deletedRef(id)).isEmpty()) {
        return findRecord(id);
      }
    }
    return Optional.empty();
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
    InvalidRequestException.requireNonNull(ref, "reference");
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
    InvalidRequestException.requireNonNull(namePrefix, "name prefix");
    // An index ref whose head is a deletion names no artifact: skip it.
    return refs.list("index/artifacts/" + namePrefix).map(refs::read).flatMap(Optional::stream).map(this::readInfo);
  }

  /**
   * Lists artifacts of one kind whose names start with a prefix.
   *
   * @param namePrefix the prefix
   * @param kind the kind
   * @return the artifacts
   */
  public Stream<ArtifactInfo> list(String namePrefix, ArtifactKind kind) {
    InvalidRequestException.requireNonNull(kind, "kind");
    return list(namePrefix).filter(info -> info.kind() == kind);
  }

  /**
   * Lists the versions of an artifact that match a query, newest first, one page at a time.
   * Deleted versions are left out.
   *
   * @param artifact the name
   * @param query filters and page size
   * @param pageToken the token of the page to fetch, or {@code null} for the first
   * @return the page
   * @throws InvalidRequestException if the token is not one a listing of this artifact returned
   */
  public Page<ArtifactVersion> versions(String artifact, VersionQuery query, String pageToken) {
    InvalidRequestException.requireNonNull(query, "query");
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
      long head = refs.head(versionsRef(artifact)).map(RefEntry::sequence).orElse(0L);
      if (start < 1 || start > head) {
        // A token is always below the head it was issued under, and heads only grow.
        throw new InvalidRequestException("Cannot list versions of '" + artifact + "': page token '" + pageToken
            + "' is past the newest version (" + head + "), so no listing returned it; pass null for the first page");
      }
    }
    List<ArtifactVersion> items = new ArrayList<>();
    long number = start;
    while (number >= 1 && items.size() < query.pageSize()) {
      VersionId id = new VersionId(artifact, (int) number);
      if (tombstones.find(deletedRef(id)).isEmpty()) {
        findRecord(id).filter(query::matches).ifPresent(items::add);
      }
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
    Optional<ArtifactVersion> held = refs.read(aliasRef(artifact, alias)).map(this::readVersion);
    held.ifPresent(v -> tombstones.requireNotDeleted(deletedRef(v.id()), artifact + "@" + alias + " (" + v.id() + ")",
        "read"));
    return held;
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
   * @throws GoneException if the target version was deleted
   */
  public AliasChange move(AliasMove move) {
    InvalidRequestException.requireNonNull(move, "move");
    VersionId targetId = new VersionId(move.artifact(), move.version());
    tombstones.find(deletedRef(targetId)).ifPresent(deletion -> {
      throw Tombstones.gone(targetId.toString(), "move alias '" + move.alias() + "' to", deletion);
    });
    ArtifactVersion target = version(targetId);
    RefName ref = aliasRef(move.artifact(), move.alias());
    // Empty: expect whatever the alias holds when the move is applied.
    Optional<Optional<Digest>> expectedValue;
    if (move.expectedVersion().isPresent()) {
      expectedValue = Optional.of(Optional.of(version(new VersionId(move.artifact(),
          move.expectedVersion().getAsInt())).recordDigest()));
    } else if (move.expectAbsent()) {
      expectedValue = Optional.of(Optional.empty());
    } else {
      expectedValue = Optional.empty();
    }
    String who = actor.get();
    AuditEventType type = move.kind() == AliasChange.Kind.ROLLBACK ? AuditEventType.ALIAS_ROLLED_BACK
        : AuditEventType.ALIAS_MOVED;
    AuditedChanges.Applied applied = changes.apply(move.requestId().orElse(null), ref, 1, null, head -> {
      Optional<Digest> expected = expectedValue.isPresent() ? expectedValue.get() : head.flatMap(RefEntry::value);
      Map<String, String> details = new LinkedHashMap<>();
      head.filter(h -> h.value().isPresent()).ifPresent(h -> details.put("from", Integer.toString(versionNumberOf(h))));
      details.put("to", Integer.toString(move.version()));
      details.put("kind", move.kind().name());
      details.put("reason", move.reason());
      return new AuditedChanges.Planned(RefUpdate.of(ref).expect(expected).to(target.recordDigest()).actor(who)
          .reason(move.reason()).attribute(KIND_ATTRIBUTE, move.kind().name())
          .attribute(VERSION_ATTRIBUTE, Integer.toString(move.version())).build(), type,
          move.artifact() + "@" + move.alias(), details);
    });
    AliasChange change = toChange(move.artifact(), move.alias(), applied.entry());
    LOG.info("Moved {}@{} from {} to {} ({}): {}", move.artifact(), move.alias(),
        change.from().isPresent() ? change.from().getAsInt() : "nothing", change.to().orElse(0), change.kind(),
        change.reason());
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
    InvalidRequestException.requireNonNull(id, "version id");
    ArtifactNames.requireValid(name, "tag");
    InvalidRequestException.requireNonNull(value, "tag value");
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
    InvalidRequestException.requireNonNull(id, "version id");
    InvalidRequestException.requireNonNull(name, "tag name");
    return changeTags(id, tags -> tags.remove(name), "remove tag " + name);
  }

  private ArtifactVersion changeTags(VersionId id, java.util.function.Consumer<Map<String, String>> edit, String what) {
    ArtifactVersion version = version(id);
    String who = actor.get();
    RefName ref = tagsRef(id);
    changes.apply(null, ref, Retry.DEFAULT_ATTEMPTS, null, head -> {
      Map<String, String> tags = new TreeMap<>(head.flatMap(RefEntry::value).map(this::readTags).orElse(version.tags()));
      edit.accept(tags);
      Digest next = objects.put(Json.write(tags));
      return new AuditedChanges.Planned(RefUpdate.of(ref).expect(head.flatMap(RefEntry::value)).to(next).actor(who)
          .reason(what).build(), AuditEventType.TAGS_CHANGED, id.toString(), Map.of("change", what));
    });
    return version(id);
  }

  /**
   * Deletes a version: its record stays as a tombstone saying when, by whom and why, reading it
   * afterwards throws {@link GoneException}, no alias can be moved to it, and its content
   * becomes collectable by garbage collection once no other version shares it. The deletion
   * is in the audit log ({@code VERSION_DELETED}). Deleting a deleted version again returns
   * the first deletion and changes nothing.
   *
   * @param id the version
   * @param reason why, for the tombstone and the audit log
   * @return the deletion that stands
   * @throws ArtifactNotFoundException if there is no such version
   * @throws InvalidRequestException if an alias holds the version (the message names it)
   */
  public Deletion delete(VersionId id, String reason) {
    InvalidRequestException.requireNonNull(id, "version id");
    requireReason(reason, "delete " + id);
    if (findRecord(id).isEmpty()) {
      throw notFound(id.toString(), "there is no version " + id.number() + " of artifact '" + id.artifact() + "'"
          + latestHint(id.artifact()));
    }
    Optional<Deletion> earlier = tombstones.find(deletedRef(id));
    if (earlier.isPresent()) {
      return earlier.get();
    }
    requireNoAlias(id, "");
    String who = actor.get();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("version", id.toString());
    Deletion deletion = tombstones.delete(deletedRef(id), id.toString(), who, reason, AuditEventType.VERSION_DELETED,
        details);
    // An alias moved to the version between the check and the tombstone: the deletion must not stand.
    List<String> holders = holders(id);
    if (!holders.isEmpty()) {
      tombstones.undo(deletedRef(id), id.toString(), who, "undo deletion: alias " + holders + " moved to it meanwhile");
      requireNoAlias(id, " (it was moved there while the version was being deleted)");
    }
    LOG.info("Deleted {}: {}", id, reason);
    return deletion;
  }

  /**
   * Returns a version's deletion, if it was deleted.
   *
   * @param id the version
   * @return the tombstone, or empty when the version is not deleted (or does not exist)
   */
  public Optional<Deletion> deletion(VersionId id) {
    InvalidRequestException.requireNonNull(id, "version id");
    return tombstones.find(deletedRef(id));
  }

  /**
   * Deletes a whole artifact: removes each of its aliases (recorded in the alias's history as
   * a removal), deletes every version not yet deleted (each as {@link #delete} does), and
   * drops the artifact from {@link #list}. The version and alias logs stay as history. A new
   * version registered later under the same name starts the artifact again, numbered after
   * the deleted ones.
   *
   * @param artifact the artifact
   * @param reason why
   * @return the deletion
   * @throws ArtifactNotFoundException if there is no such artifact
   */
  public Deletion deleteArtifact(String artifact, String reason) {
    requireReason(reason, "delete artifact '" + artifact + "'");
    RefName index = indexRef(artifact);
    Optional<Digest> info = refs.read(index);
    if (info.isEmpty()) {
      throw notFound(artifact, "there is no artifact named '" + artifact + "'");
    }
    String who = actor.get();
    for (String alias : aliases(artifact).keySet()) {
      removeAlias(artifact, alias, "artifact deleted: " + reason);
    }
    long head = refs.head(versionsRef(artifact)).map(RefEntry::sequence).orElse(0L);
    int deleted = 0;
    for (long n = 1; n <= head; n++) {
      VersionId id = new VersionId(artifact, (int) n);
      if (tombstones.find(deletedRef(id)).isEmpty()) {
        delete(id, reason);
        deleted++;
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("versionsDeleted", Integer.toString(deleted));
    int count = deleted;
    RefEntry entry = changes.apply(null, index, Retry.DEFAULT_ATTEMPTS, null, current -> new AuditedChanges.Planned(
        RefUpdate.of(index).expect(current.flatMap(RefEntry::value)).to(Optional.empty()).actor(who)
            .reason("delete artifact: " + reason).build(), AuditEventType.ARTIFACT_DELETED, artifact, details)).entry();
    LOG.info("Deleted artifact {} ({} versions): {}", artifact, count, reason);
    return new Deletion(artifact, entry.time(), who, reason);
  }

  private void removeAlias(String artifact, String alias, String reason) {
    RefName ref = aliasRef(artifact, alias);
    String who = actor.get();
    changes.apply(null, ref, Retry.DEFAULT_ATTEMPTS, null, head -> {
      Map<String, String> details = new LinkedHashMap<>();
      head.filter(h -> h.value().isPresent()).ifPresent(h -> details.put("from", Integer.toString(versionNumberOf(h))));
      details.put("reason", reason);
      return new AuditedChanges.Planned(RefUpdate.of(ref).expect(head.flatMap(RefEntry::value)).to(Optional.empty())
          .actor(who).reason(reason).attribute(KIND_ATTRIBUTE, AliasChange.Kind.REMOVAL.name()).build(),
          AuditEventType.ALIAS_REMOVED, artifact + "@" + alias, details);
    });
  }

  private List<String> holders(VersionId id) {
    List<String> holders = new ArrayList<>();
    aliases(id.artifact()).forEach((alias, number) -> {
      if (number == id.number()) {
        holders.add(alias);
      }
    });
    return holders;
  }

  private void requireNoAlias(VersionId id, String note) {
    List<String> holders = holders(id);
    if (!holders.isEmpty()) {
      String names = holders.size() == 1 ? "alias '" + holders.get(0) + "' holds it" : "aliases " + holders + " hold it";
      throw new InvalidRequestException("Cannot delete " + id + ": " + names + note + "; move "
          + (holders.size() == 1 ? "the alias" : "them") + " to another version first (moveAlias or rollback)");
    }
  }

  private static void requireReason(String reason, String doing) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("Cannot " + doing + " without a reason; say why, for the tombstone and the audit log");
    }
  }

  /**
   * Opens a file version's content, verified as it is read to the end.
   *
   * @param version the version
   * @return a stream the caller closes
   * @throws InvalidRequestException if the version is a directory
   */
  public InputStream open(ArtifactVersion version) {
    InvalidRequestException.requireNonNull(version, "version");
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
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(target, "target file");
    if (version.layout() != ContentLayout.FILE) {
      throw new InvalidRequestException("Cannot copy " + version.id() + " to a file: it is a directory; use checkout()");
    }
    objects.copyTo(version.content(), target);
  }

  /**
   * Materialises a version into a directory: a directory version's files, or a file version
   * as one file named after the artifact.
   *
   * <p>A directory version's manifest must add up to the version's recorded size, and
   * entries git refuses (under {@code .git}, or names that are {@code .git} on Windows or
   * macOS) are refused before anything is written, unless
   * {@link CheckoutOption#ALLOW_GIT_METADATA} is given.
   *
   * @param version the version
   * @param target the directory
   * @param options loosened rules, none by default
   * @throws dev.pedigree.exceptions.UnsafePathException if an entry would leave the target or
   *     write git metadata
   * @throws dev.pedigree.exceptions.InvalidManifestException if the manifest does not match
   *     the recorded size or its content
   */
  public void checkout(ArtifactVersion version, Path target, CheckoutOption... options) {
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(target, "target directory");
    InvalidRequestException.requireNonNull(options, "options");
    if (version.layout() == ContentLayout.DIRECTORY) {
      objects.checkout(version.content(), version.size(), target, options);
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
    InvalidRequestException.requireNonNull(version, "version");
    if (version.layout() != ContentLayout.DIRECTORY) {
      throw new InvalidRequestException("Cannot list the files of " + version.id() + ": it is a single file, not a"
          + " directory; read it with open() or copyTo()");
    }
    return objects.readManifest(version.content());
  }

  /**
   * Opens one file of a directory version, verified as it is read to the end.
   *
   * @param version a directory version
   * @param path the file's relative path, as its manifest lists it
   * @return a stream the caller closes
   * @throws InvalidRequestException if the version is a single file
   * @throws ArtifactNotFoundException if the version has no file at that path
   */
  public InputStream open(ArtifactVersion version, String path) {
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(path, "path");
    ManifestEntry entry = manifest(version).entry(path).orElseThrow(() -> new ArtifactNotFoundException(
        version.id() + "/" + path, "Cannot open '" + path + "' in " + version.id()
            + ": the version has no file at that path; list its files with manifest(version)"));
    return objects.open(entry.digest());
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

  static RefName deletedRef(VersionId id) {
    return RefName.of("artifacts/" + id.artifact() + "/deleted/" + id.number());
  }

  static RefName indexRef(String artifact) {
    return RefName.of("index/artifacts/" + ArtifactNames.requireValid(artifact, "artifact"));
  }
}
