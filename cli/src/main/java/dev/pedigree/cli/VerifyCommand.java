package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.Page;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pedigree verify [--full]}: the structural check of every log and chain
 * ({@link Repository#verify()}); with {@code --full} also every version's content read back
 * and re-hashed, file by file for directory versions. Exit code 1 when anything is wrong.
 */
@Command(name = "verify", description = {"Check the store's chains and records; with --full also re-hash all content.",
    "The structural level checks the audit chain and every version record against its log and registration event;",
    "--full also reads back every version's content, file by file. Exits 1 and lists each problem when anything is wrong."})
final class VerifyCommand extends StoreCommand {
  private static final int BUFFER = 1 << 16;

  @Option(names = "--full", description = "Also read and re-hash every version's content (like git fsck).")
  boolean full;

  /** One problem: what it concerns and what is wrong. */
  record Problem(String subject, String description) {
  }

  /** What the full level read: versions, distinct files and bytes. */
  record Content(long versions, long files, long bytes) {
  }

  /** The output of {@code verify --json}; {@code content} is null unless {@code --full}. */
  record Report(boolean intact, String level, long auditEventsChecked, long versionsChecked, Content content,
      List<Problem> problems) {
  }

  @Override
  int run(Repository repo) {
    RepositoryVerification structural = repo.verify();
    List<Problem> problems = new ArrayList<>();
    structural.audit().problems().forEach(p -> problems.add(new Problem("audit event " + p.sequence(), p.description())));
    structural.problems().forEach(p -> problems.add(new Problem(p.subject(), p.description())));
    Content content = full ? readEverything(repo, problems) : null;
    Report report = new Report(problems.isEmpty(), full ? "full" : "structural", structural.audit().eventsChecked(),
        structural.versionsChecked(), content, problems);
    if (json()) {
      printJson(report);
    } else {
      StringBuilder line = new StringBuilder(report.intact() ? "intact" : "NOT INTACT");
      line.append(": ").append(report.auditEventsChecked()).append(" audit events, ").append(report.versionsChecked())
          .append(" version log entries");
      if (content != null) {
        line.append(", ").append(content.files()).append(" files (").append(Sizes.human(content.bytes()))
            .append(") re-hashed");
      }
      out().println(line);
      for (Problem p : problems) {
        out().println("  " + p.subject() + ": " + p.description());
      }
      out().flush();
    }
    return report.intact() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /** Reads every distinct file of every version to its end, which checks its digest. */
  private Content readEverything(Repository repo, List<Problem> problems) {
    List<ArtifactVersion> versions = new ArrayList<>();
    try (Stream<ArtifactInfo> artifacts = repo.artifacts().list("")) {
      artifacts.forEach(info -> {
        try {
          String token = null;
          do {
            Page<ArtifactVersion> page = repo.artifacts().versions(info.name(), VersionQuery.all(), token);
            versions.addAll(page.items());
            token = page.nextPageToken().orElse(null);
          } while (token != null);
        } catch (PedigreeException e) {
          problems.add(new Problem(info.name(), "cannot list its versions: " + e.getMessage()));
        }
      });
    }
    long total = versions.stream().mapToLong(ArtifactVersion::size).sum();
    AtomicLong read = new AtomicLong();
    long files = withProgress("verify --full", total, read::get, () -> readAll(repo, versions, read, problems));
    return new Content(versions.size(), files, read.get());
  }

  /** Reads each distinct file once; returns how many it read. */
  private static long readAll(Repository repo, List<ArtifactVersion> versions, AtomicLong read, List<Problem> problems) {
    Set<Digest> checked = new HashSet<>();
    long files = 0;
    for (ArtifactVersion v : versions) {
      try {
        if (v.layout() == ContentLayout.FILE) {
          if (checked.add(v.content())) {
            files++;
            drain(repo.artifacts().open(v), read);
          } else {
            read.addAndGet(v.size());
          }
          continue;
        }
        Manifest manifest = repo.artifacts().manifest(v);
        if (manifest.totalSize() != v.size()) {
          problems.add(new Problem(v.id().toString(), "its manifest lists " + manifest.totalSize()
              + " bytes but the version record says " + v.size()));
        }
        for (ManifestEntry entry : manifest.entries()) {
          if (!checked.add(entry.digest())) {
            read.addAndGet(entry.size());
            continue;
          }
          files++;
          try {
            drain(repo.artifacts().open(v, entry.path()), read);
          } catch (PedigreeException | UncheckedIOException e) {
            problems.add(new Problem(v.id() + "/" + entry.path(), e.getMessage()));
          }
        }
      } catch (PedigreeException | UncheckedIOException e) {
        problems.add(new Problem(v.id().toString(), e.getMessage()));
      }
    }
    return files;
  }

  private static void drain(InputStream stream, AtomicLong read) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = stream) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        read.addAndGet(n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
