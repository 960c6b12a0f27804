package dev.pedigree.gates;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a verdict where CI servers look: a JUnit XML report (Jenkins, GitLab and GitHub show
 * each failed check as a failed test), a JSON record and a Markdown summary, and optionally
 * appends the Markdown to the GitHub Actions job summary.
 *
 * <pre>{@code
 * VerdictReports.write(verdict, Path.of("target/pedigree-reports"));
 * VerdictReports.appendToGitHubSummary(verdict);   // no-op outside GitHub Actions
 * }</pre>
 */
public final class VerdictReports {
  private VerdictReports() {
  }

  /**
   * Writes {@code TEST-pedigree-gate-<gate>.xml}, {@code verdict-<gate>.json} and
   * {@code verdict-<gate>.md} into a directory, creating it if needed and replacing earlier
   * reports of the same gate.
   *
   * @param verdict the verdict
   * @param directory where to write
   * @return the files written, in that order
   * @throws StorageException if a file cannot be written
   */
  public static List<Path> write(Verdict verdict, Path directory) {
    InvalidRequestException.requireNonNull(verdict, "verdict");
    InvalidRequestException.requireNonNull(directory, "directory");
    Path xml = directory.resolve("TEST-pedigree-gate-" + verdict.gate() + ".xml");
    Path json = directory.resolve("verdict-" + verdict.gate() + ".json");
    Path md = directory.resolve("verdict-" + verdict.gate() + ".md");
    try {
      Files.createDirectories(directory);
      Files.writeString(xml, verdict.render(VerdictFormat.JUNIT_XML), StandardCharsets.UTF_8);
      Files.writeString(json, verdict.render(VerdictFormat.JSON), StandardCharsets.UTF_8);
      Files.writeString(md, verdict.render(VerdictFormat.MARKDOWN), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("Cannot write the reports of gate '" + verdict.gate() + "' to " + directory + ": "
          + e.getMessage() + "; check that the directory is writable", e);
    }
    return List.of(xml, json, md);
  }

  /**
   * Appends the verdict's Markdown to the file named by the {@code GITHUB_STEP_SUMMARY}
   * environment variable, which GitHub Actions shows on the job's page.
   *
   * @param verdict the verdict
   * @return true if appended, false when the variable is not set (not on GitHub Actions)
   * @throws StorageException if the file cannot be written
   */
  public static boolean appendToGitHubSummary(Verdict verdict) {
    String summary = System.getenv("GITHUB_STEP_SUMMARY");
    if (summary == null || summary.isBlank()) {
      return false;
    }
    appendMarkdown(verdict, Path.of(summary));
    return true;
  }

  /**
   * Appends the verdict's Markdown to a file, creating it if needed.
   *
   * @param verdict the verdict
   * @param file the file
   * @throws StorageException if the file cannot be written
   */
  public static void appendMarkdown(Verdict verdict, Path file) {
    try {
      Files.writeString(file, verdict.render(VerdictFormat.MARKDOWN) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new StorageException("Cannot append the verdict of gate '" + verdict.gate() + "' to " + file + ": "
          + e.getMessage() + "; check that the file is writable", e);
    }
  }
}
