package dev.pedigree.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in this JVM, as {@code main} would, capturing what it prints. */
final class CliRunner {
  private final Map<String, String> environment = new HashMap<>();
  private boolean terminal;

  CliRunner env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  CliRunner terminal(boolean value) {
    terminal = value;
    return this;
  }

  Result run(String... args) {
    CommandLine line = PedigreeCli.commandLine(environment, terminal);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** What one command did: its exit code and its two outputs. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
