package dev.pedigree.maintenance;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.Page;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.Runs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluates a {@link RetentionPolicy} against the registry as it is now. */
final class Retention {
  private final ArtifactRegistry artifacts;
  private final Runs runs;
  private final Clock clock;

  Retention(ArtifactRegistry artifacts, Runs runs, Clock clock) {
    this.artifacts = artifacts;
    this.runs = runs;
    this.clock = clock;
  }

  RetentionPlan plan(RetentionPolicy policy) {
    Instant now = clock.instant();
    List<String> names = policy.artifacts().isEmpty()
        ? artifacts.list("").map(ArtifactInfo::name).toList() : List.copyOf(policy.artifacts());
    Map<VersionId, ArtifactVersion> versions = new LinkedHashMap<>();
    Map<VersionId, List<String>> reasons = new LinkedHashMap<>();
    for (String name : names) {
      List<ArtifactVersion> all = all(name);
      Map<Integer, List<String>> held = aliasHolders(name, policy, now);
      for (int i = 0; i < all.size(); i++) {
        ArtifactVersion v = all.get(i);
        List<String> why = new ArrayList<>();
        int rank = i + 1;
        policy.keepLast().ifPresent(n -> {
          if (rank <= n) {
            why.add(rank == 1 ? "the newest version" : "among the last " + n + " versions (#" + rank + ")");
          }
        });
        policy.keepNewerThan().ifPresent(age -> {
          if (v.createdAt().isAfter(now.minus(age))) {
            why.add("registered less than " + age + " ago (" + v.createdAt() + ")");
          }
        });
        why.addAll(held.getOrDefault(v.number(), List.of()));
        policy.tags().forEach((tag, value) -> {
          String actual = v.tags().get(tag);
          if (actual != null && (value == null || value.isEmpty() || value.equals(actual))) {
            why.add("tagged " + tag + "=" + actual);
          }
        });
        versions.put(v.id(), v);
        reasons.put(v.id(), why);
      }
    }
    if (policy.keepLineageInputs()) {
      Deque<ArtifactVersion> queue = new ArrayDeque<>();
      reasons.forEach((id, why) -> {
        if (!why.isEmpty()) {
          queue.add(versions.get(id));
        }
      });
      while (!queue.isEmpty()) {
        ArtifactVersion kept = queue.poll();
        Optional<Run> producer = producer(kept);
        for (VersionId input : producer.map(Run::inputs).orElse(List.of())) {
          List<String> why = reasons.get(input);
          if (why == null) {
            continue; // outside the policy's artifacts, or deleted already
          }
          boolean first = why.isEmpty();
          why.add("input of " + kept.id() + " (run " + producer.get().id() + ")");
          if (first) {
            queue.add(versions.get(input));
          }
        }
      }
    }
    List<RetentionDecision> decisions = new ArrayList<>();
    reasons.forEach((id, why) -> decisions.add(new RetentionDecision(id, !why.isEmpty(), why)));
    return new RetentionPlan(decisions, false, List.of(), Map.of());
  }

  private Optional<Run> producer(ArtifactVersion version) {
    if (version.producedBy().isEmpty()) {
      return Optional.empty();
    }
    try {
      return runs.find(version.producedBy().get());
    } catch (ArtifactNotFoundException e) {
      return Optional.empty(); // the run was deleted: no lineage to follow
    }
  }

  /** Every version of an artifact that is not deleted, newest first. */
  private List<ArtifactVersion> all(String artifact) {
    List<ArtifactVersion> all = new ArrayList<>();
    String token = null;
    do {
      Page<ArtifactVersion> page = artifacts.versions(artifact, VersionQuery.all().pageSize(500), token);
      all.addAll(page.items());
      token = page.nextPageToken().orElse(null);
    } while (token != null);
    return all;
  }

  /** For each version number, why aliases keep it: held now, or held within the window. */
  private Map<Integer, List<String>> aliasHolders(String artifact, RetentionPolicy policy, Instant now) {
    Map<Integer, List<String>> held = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> alias : artifacts.aliases(artifact).entrySet()) {
      held.computeIfAbsent(alias.getValue(), n -> new ArrayList<>()).add("held by alias '" + alias.getKey() + "' now");
    }
    if (policy.aliasWindow().isEmpty()) {
      return held;
    }
    Duration window = policy.aliasWindow().get();
    Instant since = window.equals(RetentionPolicy.EVER) ? Instant.MIN : now.minus(window);
    for (String alias : artifacts.aliases(artifact).keySet().stream().toList()) {
      if (!policy.aliases().isEmpty() && !policy.aliases().contains(alias)) {
        continue;
      }
      Instant until = now;
      for (AliasChange change : artifacts.aliasHistory(artifact, alias)) {
        if (change.to().isPresent() && until.isAfter(since) && !until.equals(now)) {
          List<String> why = held.computeIfAbsent(change.to().getAsInt(), n -> new ArrayList<>());
          String text = "held by alias '" + alias + "' until " + until;
          if (why.stream().noneMatch(w -> w.startsWith("held by alias '" + alias + "' until"))) {
            why.add(text);
          }
        }
        until = change.time();
      }
    }
    return held;
  }
}
