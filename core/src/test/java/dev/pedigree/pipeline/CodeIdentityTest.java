package dev.pedigree.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of code identity catches. */
class CodeIdentityTest {
  @TempDir
  Path dir;

  static final class Train implements StageAction {
    @Override
    public void run(StageContext context) {
    }
  }

  static final class Evaluate implements StageAction {
    @Override
    public void run(StageContext context) {
      context.metric("auc", 1);
    }
  }

  @Test
  void aVersionIsItsOwnIdentity() {
    assertThat(CodeIdentity.version("v3").resolve().token()).isEqualTo("version:v3");
    assertThat(CodeIdentity.version("v3").resolve().version().version()).hasValue("v3");
    assertThatThrownBy(() -> CodeIdentity.version(" ")).hasMessage("A code version must not be blank");
  }

  @Test
  void classBytecodeDiffersBetweenClassesAndIsStable() {
    String train = CodeIdentity.ofClass(Train.class).resolve().token();
    assertThat(train).startsWith("class:" + Train.class.getName() + "@sha256:");
    assertThat(CodeIdentity.ofClass(Train.class).resolve().token()).isEqualTo(train);
    assertThat(CodeIdentity.ofClass(Evaluate.class).resolve().token()).isNotEqualTo(train);
  }

  @Test
  void aLambdaIsIdentifiedByTheClassThatDeclaresIt() {
    StageAction lambda = ctx -> { };
    assertThat(lambda.getClass().isHidden()).isTrue();
    assertThat(CodeIdentity.hostOf(lambda.getClass())).isEqualTo(CodeIdentityTest.class);
    assertThat(CodeIdentity.ofClass(lambda.getClass()).resolve().token())
        .isEqualTo(CodeIdentity.ofClass(CodeIdentityTest.class).resolve().token());
  }

  @Test
  void theEnclosingClassFingerprintCoversItsMemberClasses() {
    // Train and Evaluate are members of this class, so their bytecode is part of its digest.
    assertThat(CodeIdentity.classDigest(CodeIdentityTest.class))
        .isNotEqualTo(CodeIdentity.classDigest(Train.class));
  }

  @Test
  void gitCommitCatchesCommitsAndUncommittedEditsOfTrackedFiles() throws Exception {
    git("init", "-q");
    Files.writeString(dir.resolve("Train.java"), "class Train {}");
    git("add", "Train.java");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
    String clean = CodeIdentity.gitCommit(dir).resolve().token();
    assertThat(clean).matches("git:[0-9a-f]{40}");

    Files.writeString(dir.resolve("Train.java"), "class Train { int epochs; }");
    String dirty = CodeIdentity.gitCommit(dir).resolve().token();
    assertThat(dirty).startsWith(clean + "+diff:sha256:");
    assertThat(CodeIdentity.gitCommit(dir).resolve().token()).as("the same edit is the same identity").isEqualTo(dirty);
    Files.writeString(dir.resolve("Notes.txt"), "untracked");
    assertThat(CodeIdentity.gitCommit(dir).resolve().token()).as("untracked files are missed").isEqualTo(dirty);

    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "two");
    String next = CodeIdentity.gitCommit(dir).resolve().token();
    assertThat(next).matches("git:[0-9a-f]{40}").isNotEqualTo(clean);
  }

  @Test
  void gitCommitOutsideAWorkTreeIsAnError() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("plain"));
    // A temporary folder could sit inside some work tree; make sure this one is not.
    Files.writeString(outside.resolve(".git"), "gitdir: /nonexistent");
    assertThatThrownBy(() -> CodeIdentity.gitCommit(outside).resolve())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot identify the code by git commit: " + outside + " is not inside a git work tree");
  }

  private void git(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }
}
