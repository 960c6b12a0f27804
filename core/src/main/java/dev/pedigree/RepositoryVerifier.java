package dev.pedigree;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks behind {@link Repository#verify()}. */
final class RepositoryVerifier {
  private RepositoryVerifier() {
  }

  static RepositoryVerification verify(ArtifactRegistry artifacts, AuditLog audit, ObjectStore objects) {
    AuditVerification chain = audit.verify();
    List<RepositoryVerification.Problem> problems = new ArrayList<>();
    Map<String, String> recordsByVersion = new HashMap<>();
    long checked = 0;
    // Deleted artifacts are no longer listed, but their version logs and events remain.
    java.util.Set<String> names = new java.util.TreeSet<>();
    artifacts.list("").forEach(info -> names.add(info.name()));
    try {
      audit.events(AuditQuery.all().type(AuditEventType.VERSION_REGISTERED)).forEach(event -> {
        int colon = event.subject().lastIndexOf(':');
        if (colon > 0) {
          names.add(event.subject().substring(0, colon));
        }
      });
    } catch (PedigreeException e) {
      // Reported below, where the events are read again.
    }
    for (String name : names) {
      for (RefEntry entry : (Iterable<RefEntry>) artifacts.versionLog(name)::iterator) {
        checked++;
        String subject = name + ":" + entry.sequence();
        if (entry.value().isEmpty()) {
          problems.add(new RepositoryVerification.Problem(subject, "the version log entry names no record"));
          continue;
        }
        Digest record = entry.value().get();
        recordsByVersion.put(subject, record.toString());
        try {
          objects.verify(record);
          ArtifactVersion version = artifacts.findVersion(new VersionId(name, (int) entry.sequence()))
              .orElseThrow(() -> new IllegalStateException("the version log entry vanished while it was checked"));
          if (!version.id().toString().equals(subject)) {
            problems.add(new RepositoryVerification.Problem(subject, "its record " + record + " says it is " + version.id()));
          }
        } catch (GoneException e) {
          // Deleted: its record was verified intact above; its content may have been collected.
        } catch (PedigreeException | IllegalStateException e) {
          problems.add(new RepositoryVerification.Problem(subject, "its record " + record + " cannot be read intact: "
              + e.getMessage()));
        }
      }
    }
    Map<String, Integer> eventsByVersion = new HashMap<>();
    try {
      for (AuditEvent event : (Iterable<AuditEvent>) audit.events(AuditQuery.all().type(AuditEventType.VERSION_REGISTERED))::iterator) {
        eventsByVersion.merge(event.subject(), 1, Integer::sum);
        String logged = recordsByVersion.get(event.subject());
        if (logged == null) {
          problems.add(new RepositoryVerification.Problem(event.subject(), "audit event " + event.sequence()
              + " registers it, but the version log has no such version (removed)"));
        } else if (!logged.equals(event.detail("record"))) {
          problems.add(new RepositoryVerification.Problem(event.subject(), "audit event " + event.sequence()
              + " registered record " + event.detail("record") + ", the version log names " + logged + " (replaced)"));
        }
      }
    } catch (PedigreeException e) {
      problems.add(new RepositoryVerification.Problem("audit", "the registration events cannot all be read ("
          + e.getMessage() + "); see the audit check for where"));
    }
    for (String version : recordsByVersion.keySet()) {
      int events = eventsByVersion.getOrDefault(version, 0);
      if (events != 1) {
        problems.add(new RepositoryVerification.Problem(version, events == 0
            ? "no VERSION_REGISTERED audit event records its registration (an event was removed)"
            : events + " VERSION_REGISTERED audit events record its registration, not one"));
      }
    }
    problems.sort(java.util.Comparator.comparing(RepositoryVerification.Problem::subject));
    return new RepositoryVerification(chain, checked, problems);
  }
}
