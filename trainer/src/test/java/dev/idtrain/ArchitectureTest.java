package dev.idtrain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of docs/ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.idtrain");

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.idtrain.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void thePipelineKnowsNothingOfWhoRunsItOrWatchesIt() {
    noClasses().that().resideInAnyPackage("..config..", "..dgp..", "..model..", "..train..",
            "..stream..", "..probe..", "..checkpoint..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("dev.idtrain.run..", "dev.idtrain.bench..", "dev.idtrain.cli..",
            "dev.idtrain.sweep..", "dev.idtrain.report..",
            "dev.idtrain.telemetry..", "io.micrometer..", "io.prometheus..", "picocli..")
        .check(CLASSES);
  }

  @Test
  void probesTheGenerativeProcessSweepsAndReportsNeverTouchTheEngine() {
    // Probes score plain arrays off the training thread; the generative process feeds it plain
    // arrays; a sweep coordinator and a report only read what runs write.
    noClasses().that().resideInAnyPackage("..probe..", "..dgp..", "..sweep..", "..report..")
        .should().dependOnClassesThat().resideInAPackage("ai.djl..")
        .check(CLASSES);
  }

  @Test
  void numbersEnterTheEnginesArithmeticAsArraysThatOutliveTheStep() {
    // The engine's number overloads free their operand before a backward pass reads it.
    for (String operation : new String[] {"mul", "div"}) {
      noClasses().should().callMethod(NDArray.class, operation, Number.class)
          .because("a product's backward pass reads its operand; use GraphScalar")
          .check(CLASSES);
    }
  }

  @Test
  void theCommandLineOnlyParsesAndDelegates() {
    noClasses().that().resideInAPackage("..cli..")
        .should().dependOnClassesThat().resideInAnyPackage("..dgp..", "..model..", "..train..",
            "..stream..", "..probe..", "..checkpoint..", "ai.djl..")
        .check(CLASSES);
  }
}
