package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.dashboards.Dashboard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The person paged finds a runbook entry for the alert, and the panels it points to exist. */
class RunbookTest {

  private static final List<String> PARTS =
      List.of("**What it means.**", "**Likely causes.**", "**What to check.**", "**What to do.**");
  private static final Pattern PANEL_REFERENCE =
      Pattern.compile("\\*(Identifiability|Training|Pipeline and process) → ([^*]+)\\*");

  private final Map<String, String> sections = runbookSections();

  @Test
  void everyAlertHasARunbookSectionAndEverySectionAnAlert() {
    Set<String> alerts =
        Rule.deployed().stream().filter(Rule::alerting).map(Rule::name).collect(Collectors.toSet());
    assertThat(sections.keySet()).containsExactlyInAnyOrderElementsOf(alerts);
    // The runbook annotation's anchor is the heading, as Markdown renderers derive it.
    sections.keySet().forEach(name ->
        assertThat(Runbook.annotationFor(name)).endsWith("#" + name.toLowerCase(Locale.ROOT)));
  }

  @Test
  void theReadmesAlertTableListsEveryAlertWithItsRunbookLink() throws IOException {
    String readme = Files.readString(DeployFiles.deployDir().resolveSibling("README.md"));
    Rule.deployed().stream().filter(Rule::alerting).forEach(alert -> {
      String anchor = "deploy/README.md#" + alert.name().toLowerCase(Locale.ROOT);
      assertThat(readme).as("README.md alert table").contains("| `" + alert.name() + "` | "
          + alert.labels().get("severity") + " | [" + anchor + "](" + anchor + ") |");
    });
  }

  @Test
  void everySectionSaysWhatItMeansCausesWhatToCheckAndWhatToDo() {
    sections.forEach((alert, text) -> assertThat(text).as("runbook of %s", alert).contains(PARTS));
  }

  @Test
  void everySectionPointsAtDashboardPanelsThatExist() {
    Map<String, Set<String>> panels = new LinkedHashMap<>();
    for (Dashboard d : Dashboard.loadAll(Dashboard.directory())) {
      panels.put(
          d.title().replaceFirst("^idtrain / ", ""),
          d.panels().stream().map(p -> p.path("title").asText()).collect(Collectors.toSet()));
    }
    sections.forEach((alert, text) -> {
      Matcher m = PANEL_REFERENCE.matcher(text.replaceAll("\\s+", " "));
      int references = 0;
      while (m.find()) {
        references++;
        assertThat(panels.get(m.group(1)))
            .as("panel \"%s\" of dashboard %s, named in the runbook of %s", m.group(2), m.group(1), alert)
            .contains(m.group(2));
      }
      assertThat(references).as("dashboard panels named in the runbook of %s", alert).isPositive();
    });
  }

  /** Alert name to section text, from the RUNBOOK section of deploy/README.md. */
  private static Map<String, String> runbookSections() {
    String readme;
    try {
      readme = Files.readString(DeployFiles.deployDir().resolve("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = readme.indexOf("\n## RUNBOOK\n");
    assertThat(start).as("a \"## RUNBOOK\" section in deploy/README.md").isNotNegative();
    String runbook = readme.substring(start + 1);
    int end = runbook.indexOf("\n## ", 1);
    runbook = end < 0 ? runbook : runbook.substring(0, end);

    Map<String, String> sections = new LinkedHashMap<>();
    String[] parts = runbook.split("\n### ");
    for (int i = 1; i < parts.length; i++) {
      int newline = parts[i].indexOf('\n');
      sections.put(parts[i].substring(0, newline).strip(), parts[i].substring(newline + 1));
    }
    return sections;
  }
}
