package io.diveops.workflows.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/architecture.md, checked on the compiled classes: workflow code and
 * the API it sees cannot reach I/O. The module graph already keeps docker-java, JDBC drivers and
 * the Mongo driver off the workflows' compile path; the JDK's own I/O is only kept out by this
 * test.
 */
class DependencyRulesTest {
  private static JavaClasses deterministic;

  @BeforeAll
  static void importClasses() {
    deterministic =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.diveops.workflows", "io.diveops.api");
  }

  @Test
  void workflowCodeReachesNoIoLibrary() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("io.diveops.workflows..", "io.diveops.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "com.github.dockerjava..",
                "java.sql..",
                "javax.sql..",
                "org.postgresql..",
                "com.mongodb..",
                "org.bson..",
                "java.net..",
                "java.nio.file..",
                "java.nio.channels..",
                "java.net.http..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileInputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileOutputStream")
            .because("workflow code replays deterministically: every I/O belongs in an activity");
    rule.check(deterministic);
  }

  @Test
  void workflowCodeReadsNoClockAndStartsNoThread() {
    noClasses()
        .that()
        .resideInAPackage("io.diveops.workflows..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callConstructor(Thread.class, Runnable.class)
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .because(
            "time, threads and randomness come from Workflow.*, so a replay takes the same path")
        .check(deterministic);
  }

  @Test
  void theApiDependsOnNoImplementation() {
    noClasses()
        .that()
        .resideInAPackage("io.diveops.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.diveops.workflows..", "io.diveops.activities..", "io.diveops.worker..")
        .because("the API is what both sides see; it depends on the Temporal SDK and Jackson only")
        .check(deterministic);
  }
}
