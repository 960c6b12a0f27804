package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.Page;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree versions NAME}: an artifact's versions, newest first, filtered by tag and metric. */
@Command(name = "versions", description = "List an artifact's versions, newest first, filtered by tags and metrics.")
final class VersionsCommand extends StoreCommand {
  private static final Pattern METRIC = Pattern.compile("([A-Za-z0-9_.\\-]+)\\s*(>=|<=|>|<|=)\\s*(\\S+)");

  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  String name;

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only versions with this tag (repeatable).")
  Map<String, String> tags = Map.of();

  @Option(names = "--metric", paramLabel = "CONDITION",
      description = "Only versions whose metric meets this, such as auc>=0.9 (operators >= <= > < =; repeatable).")
  List<String> metrics = List.of();

  @Option(names = "--limit", paramLabel = "N", description = "At most this many versions (default: all).")
  Integer limit;

  /** The output of {@code versions --json}. */
  record Listing(String artifact, List<Views.Version> versions) {
  }

  @Override
  int run(Repository repo) {
    VersionQuery query = VersionQuery.all();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      query = query.withTag(tag.getKey(), tag.getValue());
    }
    for (String condition : metrics) {
      query = withMetric(query, condition);
    }
    if (limit != null && limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot list versions: --limit must be at least 1, was " + limit);
    }
    if (repo.artifacts().latest(name).isEmpty()) {
      throw new ArtifactNotFoundException(name, "Cannot list versions of '" + name
          + "': there is no artifact of that name; see what exists with 'pedigree ls'");
    }
    Map<String, Integer> aliases = repo.artifacts().aliases(name);
    List<ArtifactVersion> found = new ArrayList<>();
    String token = null;
    do {
      Page<ArtifactVersion> page = repo.artifacts().versions(name, query, token);
      found.addAll(page.items());
      token = page.nextPageToken().orElse(null);
    } while (token != null && (limit == null || found.size() < limit));
    if (limit != null && found.size() > limit) {
      found = found.subList(0, limit);
    }
    if (json()) {
      printJson(new Listing(name, found.stream().map(v -> Views.Version.of(v, holders(aliases, v))).toList()));
      return ExitCodes.OK;
    }
    if (found.isEmpty()) {
      out().println("No version of " + name + " matches.");
      out().flush();
      return ExitCodes.OK;
    }
    Table table = new Table("VERSION", "CREATED", "BY", "SIZE", "ALIASES", "METRICS", "TAGS");
    for (ArtifactVersion v : found) {
      table.row(v.number(), Table.time(v.createdAt()), v.createdBy(), Sizes.human(v.size()),
          String.join(",", holders(aliases, v)), Table.pairs(v.metrics()), Table.pairs(v.tags()));
    }
    table.print(out());
    return ExitCodes.OK;
  }

  private VersionQuery withMetric(VersionQuery query, String condition) {
    Matcher m = METRIC.matcher(condition.trim());
    double value;
    try {
      if (!m.matches()) {
        throw new NumberFormatException(condition);
      }
      value = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot filter by metric '" + condition
          + "': write it as NAME OPERATOR NUMBER, such as auc>=0.9 (operators >= <= > < =)");
    }
    String metric = m.group(1);
    String op = m.group(2);
    return switch (op) {
      case ">=" -> query.withMetricAtLeast(metric, value);
      case "<=" -> query.withMetricAtMost(metric, value);
      case ">" -> query.withMetric(metric, "> " + value, x -> x > value);
      case "<" -> query.withMetric(metric, "< " + value, x -> x < value);
      default -> query.withMetric(metric, "= " + value, x -> x == value);
    };
  }

  private static List<String> holders(Map<String, Integer> aliases, ArtifactVersion v) {
    return aliases.entrySet().stream().filter(e -> e.getValue() == v.number()).map(Map.Entry::getKey)
        .collect(Collectors.toList());
  }
}
