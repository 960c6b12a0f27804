package dev.pedigree.pipeline;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a running stage sees. Artifact and stage-output inputs are materialised in a temporary
 * directory (a directory version as a directory, a file version as a file); local inputs are
 * the paths as given. Each directory output is an empty temporary directory to fill, each file
 * output a path to write one file at; outputs are registered only after the action returns.
 *
 * <pre>{@code
 * ctx -> {
 *   Path raw = ctx.input("raw");
 *   Path out = ctx.output("features");
 *   Files.writeString(out.resolve("features.csv"), prepare(raw, ctx.param("min_tenure")));
 *   ctx.metric("rows", 1234);
 *   ctx.log().info("prepared features");
 * }
 * }</pre>
 */
public interface StageContext {
  /**
   * Returns the pipeline's name.
   *
   * @return the name
   */
  String pipeline();

  /**
   * Returns the stage's name.
   *
   * @return the name
   */
  String stage();

  /**
   * Returns the id of the run recording this execution in the lineage.
   *
   * @return the run id
   */
  String runId();

  /**
   * Returns where a declared input can be read.
   *
   * @param name the input's name in this stage
   * @return a file or directory
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage declares no such input
   */
  Path input(String name);

  /**
   * Returns where to write a declared output: an existing empty directory for a directory
   * output, or the path of the one file to write (its folder exists, the file does not) for a
   * {@linkplain StageOutput#file file output}.
   *
   * @param name the output's (artifact's) name
   * @return a directory to fill, or a file path to write
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage declares no such output
   */
  Path output(String name);

  /**
   * Returns a declared parameter.
   *
   * @param name the parameter's name
   * @return its value
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage declares no such parameter
   */
  String param(String name);

  /**
   * Returns every declared parameter.
   *
   * @return an immutable map
   */
  Map<String, String> params();

  /**
   * Logs a metric's value, recorded on the run and on the versions the stage registers.
   *
   * @param name the metric
   * @param value its value
   */
  void metric(String name, double value);

  /**
   * Logs a metric's value at a step (an epoch, an iteration).
   *
   * @param name the metric
   * @param step the step
   * @param value its value
   */
  void metric(String name, long step, double value);

  /**
   * Returns a logger named after the pipeline and stage.
   *
   * @return the logger
   */
  Logger log();
}
