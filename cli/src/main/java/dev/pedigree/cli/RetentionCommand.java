package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.maintenance.RetentionDecision;
import dev.pedigree.maintenance.RetentionPlan;
import dev.pedigree.maintenance.RetentionPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pedigree retention [NAME...] --keep-... [--apply --reason R]}: plans a retention
 * policy ({@code RetentionPolicy}) and prints what would go and why each kept version stays;
 * deletes only with {@code --apply}. Versions an alias holds now are always kept.
 */
@Command(name = "retention", description = {"Plan a retention policy: which versions go and why each kept one stays.",
    "A dry run unless --apply --reason TEXT is given. A version is kept when any rule keeps it; versions an alias",
    "holds now are always kept. Give at least one rule. Exits 4 when --apply found a version it could not delete",
    "(an alias moved to it meanwhile)."})
final class RetentionCommand extends StoreCommand {
  @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these artifacts (default: all).")
  List<String> artifacts = new ArrayList<>();

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep each artifact's newest N versions.")
  Integer keepLast;

  @Option(names = "--keep-newer-than", paramLabel = "AGE", converter = Durations.class,
      description = "Keep versions created within AGE (30d, 12h, 90m, 2w, PT36H).")
  Duration keepNewerThan;

  @Option(names = "--keep-alias-holders", description = "Keep versions an alias held within --window (default: ever).")
  boolean keepAliasHolders;

  @Option(names = "--alias", paramLabel = "ALIAS", description = "With --keep-alias-holders: only these aliases (repeat).")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--window", paramLabel = "AGE", converter = Durations.class,
      description = "With --keep-alias-holders: how far back alias holders count (default: ever).")
  Duration window;

  @Option(names = "--keep-tagged", paramLabel = "TAG[=VALUE]",
      description = "Keep versions with this tag (with this value, when given); repeat for more.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--keep-lineage-inputs", description = "Keep versions a kept version's run read (transitively).")
  boolean keepLineageInputs;

  @Option(names = "--apply", description = "Delete the versions the plan lets go (needs --reason).")
  boolean apply;

  @Option(names = "--reason", paramLabel = "TEXT", description = "With --apply: why, kept in each tombstone.")
  String reason;

  /** One version's fate. */
  record Decision(String version, boolean keep, List<String> reasons) {
  }

  /** A version --apply could not delete, and why. */
  record Refusal(String version, String reason) {
  }

  /** The output of {@code retention --json}. */
  record Report(boolean applied, List<Decision> decisions, List<String> toDelete, List<String> deleted,
      List<Refusal> refused) {
  }

  @Override
  int run(Repository repo) {
    if (apply && (reason == null || reason.isBlank())) {
      throw usage("Cannot apply a retention policy without --reason; say why, for the tombstones");
    }
    if (!apply && reason != null) {
      throw usage("Cannot use --reason without --apply: a dry run deletes nothing; add --apply to delete");
    }
    if (!keepAliasHolders && (window != null || !aliases.isEmpty())) {
      throw usage("Cannot use --window or --alias without --keep-alias-holders; add --keep-alias-holders");
    }
    RetentionPolicy policy = policy();
    RetentionPlan plan = apply ? repo.maintenance().applyRetention(policy, reason)
        : repo.maintenance().planRetention(policy);
    Report report = new Report(plan.applied(),
        plan.decisions().stream().map(d -> new Decision(d.version().toString(), d.keep(), d.reasons())).toList(),
        plan.toDelete().stream().map(Object::toString).toList(), plan.deleted().stream().map(Object::toString).toList(),
        plan.refused().entrySet().stream().map(e -> new Refusal(e.getKey().toString(), e.getValue()))
            .sorted(java.util.Comparator.comparing(Refusal::version)).toList());
    if (json()) {
      printJson(report);
    } else {
      print(plan);
    }
    return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.CONFLICT;
  }

  private RetentionPolicy policy() {
    RetentionPolicy.Builder builder = RetentionPolicy.builder();
    if (!artifacts.isEmpty()) {
      builder.artifacts(artifacts.toArray(String[]::new));
    }
    if (keepLast != null) {
      builder.keepLast(keepLast);
    }
    if (keepNewerThan != null) {
      builder.keepNewerThan(keepNewerThan);
    }
    if (keepAliasHolders) {
      builder.keepAliasHolders(window != null ? window : RetentionPolicy.EVER, aliases.toArray(String[]::new));
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq == 0) {
        throw usage("Cannot read --keep-tagged '" + tag + "': the tag name is empty; write TAG or TAG=VALUE");
      }
      if (eq < 0) {
        builder.keepTagged(tag);
      } else {
        builder.keepTagged(tag.substring(0, eq), tag.substring(eq + 1));
      }
    }
    if (keepLineageInputs) {
      builder.keepLineageInputs();
    }
    return builder.build();
  }

  private void print(RetentionPlan plan) {
    PrintWriter out = out();
    int kept = plan.kept().size();
    if (plan.applied()) {
      out.println("Retention applied: " + kept + " kept, " + plan.deleted().size() + " deleted"
          + (plan.refused().isEmpty() ? "" : ", " + plan.refused().size() + " refused"));
    } else {
      out.println("Retention plan (dry run): " + kept + " kept, " + plan.toDelete().size() + " to delete"
          + (plan.toDelete().isEmpty() ? "" : "; add --apply --reason TEXT to delete them"));
    }
    Map<?, String> refused = plan.refused();
    Table table = new Table("", "", "");
    for (RetentionDecision d : plan.decisions()) {
      String fate;
      String why;
      if (d.keep()) {
        fate = "keep";
        why = String.join("; ", d.reasons());
      } else if (refused.containsKey(d.version())) {
        fate = "refused";
        why = refused.get(d.version());
      } else {
        fate = plan.applied() ? "deleted" : "delete";
        why = "no rule keeps it";
      }
      table.row("  " + d.version(), fate, why);
    }
    table.printRows(out);
    out.flush();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
