package dev.pedigree.cli;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.Deletion;
import dev.pedigree.audit.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The JSON shapes the commands print with {@code --json}. They are part of the CLI's contract
 * (documented in cli/README.md): fields are added, never renamed or removed.
 */
final class Views {
  private Views() {
  }

  /** A version, as {@code show}, {@code versions} and {@code put} print it. */
  record Version(String id, String artifact, int number, String kind, String layout, long size, String content,
      String record, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags,
      String description, String createdAt, String createdBy, String producedBy, List<String> aliases) {
    static Version of(ArtifactVersion v, List<String> aliases) {
      return new Version(v.id().toString(), v.artifact(), v.number(), v.kind().name(), v.layout().name(), v.size(),
          v.content().toString(), v.recordDigest().toString(), new TreeMap<>(v.params()), new TreeMap<>(v.metrics()),
          new TreeMap<>(v.tags()), v.description(), v.createdAt().toString(), v.createdBy(),
          v.producedBy().orElse(null), List.copyOf(aliases));
    }
  }

  /** One move of an alias, as {@code history}, {@code alias} and {@code rollback} print it. */
  record Change(String artifact, String alias, long sequence, String kind, Integer from, Integer to, String time,
      String actor, String reason) {
    static Change of(AliasChange c) {
      return new Change(c.artifact(), c.alias(), c.sequence(), c.kind().name(), boxed(c.from()), boxed(c.to()),
          c.time().toString(), c.actor(), c.reason());
    }
  }

  /** One audit event, as {@code audit} prints it. */
  record Event(long sequence, String time, String actor, String type, String subject, Map<String, String> details,
      String hash) {
    static Event of(AuditEvent e) {
      return new Event(e.sequence(), e.time().toString(), e.actor(), e.type().name(), e.subject(),
          new TreeMap<>(e.details()), e.hash());
    }
  }

  /** A deletion (tombstone), as {@code delete}, {@code delete-artifact} and {@code delete-run} print it. */
  record Deleted(String subject, String time, String actor, String reason) {
    static Deleted of(Deletion d) {
      return new Deleted(d.subject(), d.time().toString(), d.actor(), d.reason());
    }
  }

  static Integer boxed(OptionalInt value) {
    return value.isPresent() ? value.getAsInt() : null;
  }
}
