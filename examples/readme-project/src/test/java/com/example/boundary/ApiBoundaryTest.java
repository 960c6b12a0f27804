package com.example.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API boundary, checked on the published jars' bytecode (JPMS module-info is impractical while
 * the storage modules' SDKs are automatic modules with split packages): only packages named
 * {@code internal} are implementation, no public signature of an API package mentions one of
 * their types, and no module but core uses core's internal package.
 */
class ApiBoundaryTest {
  private static JavaClasses pedigree;

  @BeforeAll
  static void importTheJars() {
    // One class per published module leads to its jar (or classes folder); nothing else is read.
    List<URL> jars = new ArrayList<>();
    for (Class<?> anchor : List.of(dev.pedigree.Repository.class, dev.pedigree.dsl.Pipelines.class,
        dev.pedigree.checks.CsvTables.class, dev.pedigree.testing.PedigreeExtension.class,
        dev.pedigree.storage.s3.S3BlobStore.class, dev.pedigree.storage.gcs.GcsBlobStore.class)) {
      jars.add(anchor.getProtectionDomain().getCodeSource().getLocation());
    }
    pedigree = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importUrls(jars);
  }

  private static boolean internal(JavaClass type) {
    return type.getPackageName().contains(".internal");
  }

  private static boolean inCore(JavaClass type) {
    String source = type.getSource().map(s -> s.getUri().toString()).orElse("");
    return source.contains("/core/target/classes/") || source.contains("pedigree-core-");
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  @Test
  void everyPublishedModuleIsImported() {
    Set<String> packages = new TreeSet<>();
    pedigree.forEach(c -> packages.add(c.getPackageName()));
    assertThat(packages).contains("dev.pedigree", "dev.pedigree.internal", "dev.pedigree.dsl", "dev.pedigree.checks",
        "dev.pedigree.testing", "dev.pedigree.storage.s3", "dev.pedigree.storage.gcs");
    assertThat(pedigree.get("dev.pedigree.Repository")).matches(ApiBoundaryTest::inCore, "is found in core");
    assertThat(pedigree.get("dev.pedigree.dsl.Pipelines")).matches(c -> !inCore(c), "is found outside core");
  }

  @Test
  void noPublicSignatureOfAnApiPackageMentionsAnInternalType() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass type : pedigree) {
      if (internal(type) || !type.getModifiers().contains(JavaModifier.PUBLIC) || type.isAnonymousClass()) {
        continue;
      }
      type.getRawSuperclass().filter(ApiBoundaryTest::internal)
          .ifPresent(s -> leaks.add(type.getName() + " extends " + s.getName()));
      type.getRawInterfaces().stream().filter(ApiBoundaryTest::internal)
          .forEach(i -> leaks.add(type.getName() + " implements " + i.getName()));
      for (JavaField field : type.getFields()) {
        if (visible(field.getModifiers()) && internal(field.getRawType())) {
          leaks.add(field.getFullName() + " has type " + field.getRawType().getName());
        }
      }
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        if (!visible(unit.getModifiers()) || unit.getName().equals("<clinit>")) {
          continue;
        }
        if (internal(unit.getRawReturnType())) {
          leaks.add(unit.getFullName() + " returns " + unit.getRawReturnType().getName());
        }
        unit.getRawParameterTypes().stream().filter(ApiBoundaryTest::internal)
            .forEach(p -> leaks.add(unit.getFullName() + " takes " + p.getName()));
        unit.getThrowsClause().getTypes().stream().filter(ApiBoundaryTest::internal)
            .forEach(t -> leaks.add(unit.getFullName() + " throws " + t.getName()));
      }
    }
    assertThat(leaks).as("internal types in public signatures of API packages; move the type to an API package or"
        + " make the member package-private").isEmpty();
  }

  @Test
  void noModuleButCoreUsesCoresInternalPackage() {
    List<String> uses = new ArrayList<>();
    int coreUses = 0;
    for (JavaClass type : pedigree) {
      List<String> found = type.getDirectDependenciesFromSelf().stream()
          .filter(d -> d.getTargetClass().getPackageName().startsWith("dev.pedigree.internal"))
          .map(d -> d.getDescription()).toList();
      if (inCore(type)) {
        coreUses += found.size();
      } else {
        uses.addAll(found);
      }
    }
    assertThat(coreUses).as("core's own uses of internal, which shows the check sees them").isPositive();
    assertThat(uses).as("uses of core's internal package outside core; use core's public API instead").isEmpty();
  }
}
