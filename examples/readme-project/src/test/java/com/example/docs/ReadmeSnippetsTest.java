package com.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java block of the READMEs is the text of a compiled, run test region; edit one without the other and this fails. */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("pedigree.root", "../..")).toAbsolutePath().normalize();

  @TempDir
  Path dir;

  static List<Path> readmes() throws IOException {
    List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("samples/README.md")));
    try (Stream<Path> children = Files.list(ROOT)) {
      children.filter(p -> p.getFileName().toString().startsWith("storage-")).map(p -> p.resolve("README.md"))
          .filter(Files::isRegularFile).sorted().forEach(readmes::add);
    }
    return readmes;
  }

  @Test
  void everyReadmeJavaBlockEqualsItsTestRegion() throws IOException {
    List<String> problems = new ArrayList<>();
    int blocks = 0;
    for (Path readme : readmes()) {
      problems.addAll(Snippets.problems(ROOT, readme));
      blocks += (int) Files.readAllLines(readme).stream().filter(l -> l.strip().equals("```java")).count();
    }
    assertThat(problems).as("README snippets out of step with their test regions").isEmpty();
    assertThat(blocks).as("Java blocks checked").isGreaterThanOrEqualTo(10);
  }

  @Test
  void aBlockEditedWithoutItsRegionFailsNamingBoth() throws IOException {
    Path test = write("core/src/test/java/a/ExampleTest.java", """
        class ExampleTest {
          void example() {
            // snippet:hello
            String greeting = "hello";
            if (greeting.isEmpty()) {
              throw new AssertionError();
            }
            // end-snippet
          }
        }
        """);
    Path readme = write("README.md", """
        Text.

        <!-- snippet: core/src/test/java/a/ExampleTest.java#hello -->
        ```java
        String greeting = "hello";
        if (greeting.isEmpty()) {
          throw new AssertionError();
        }
        ```
        """);
    assertThat(Snippets.problems(dir, readme)).isEmpty();

    Files.writeString(readme, Files.readString(readme).replace("\"hello\"", "\"hi\""));
    assertThat(Snippets.problems(dir, readme)).singleElement().asString()
        .startsWith("README.md:4 and core/src/test/java/a/ExampleTest.java#hello differ: line 1 of the block is"
            + " [String greeting = \"hi\";] but the region has [String greeting = \"hello\";]");

    Files.writeString(readme, Files.readString(readme).replace("\"hi\"", "\"hello\""));
    Files.writeString(test, Files.readString(test).replace("throw new AssertionError();", "return;"));
    assertThat(Snippets.problems(dir, readme)).singleElement().asString().contains("differ: line 3 of the block");
  }

  @Test
  void aBlockWithoutMarkerOrWithAMissingRegionFails() throws IOException {
    write("dsl/src/test/java/b/BTest.java", "// snippet:imports\nimport java.util.List;\n// end-snippet\n");
    Path readme = write("README.md", """
        ```java
        int x = 1;
        ```

        <!-- snippet: dsl/src/test/java/b/BTest.java#body -->
        ```java
        int y = 2;
        ```

        <!-- snippet: dsl/src/test/java/b/Missing.java#body -->
        ```java
        int z = 3;
        ```
        """);
    assertThat(Snippets.problems(dir, readme)).hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("README.md:1: this ```java block has no '<!-- snippet:"))
        .anySatisfy(p -> assertThat(p).startsWith("README.md:6: dsl/src/test/java/b/BTest.java has no region 'body'"))
        .anySatisfy(p -> assertThat(p).startsWith("README.md:11: the snippet names dsl/src/test/java/b/Missing.java,"
            + " which does not exist"));
  }

  @Test
  void regionsJoinedWithPlusAreShownOneAfterTheOther() throws IOException {
    write("dsl/src/test/java/b/BTest.java", """
        // snippet:imports
        import java.util.List;
        // end-snippet
        class BTest {
          void t() {
            // snippet:body
            List<String> names = List.of();
            // end-snippet
          }
        }
        """);
    Path readme = write("README.md", """
        <!-- snippet: dsl/src/test/java/b/BTest.java#imports+body -->
        ```java
        import java.util.List;

        List<String> names = List.of();
        ```
        """);
    assertThat(Snippets.problems(dir, readme)).isEmpty();
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
