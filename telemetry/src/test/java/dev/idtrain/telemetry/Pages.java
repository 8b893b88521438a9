package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks shared by the endpoint's pages. */
final class Pages {
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

  private Pages() {}

  /**
   * The URLs an HTML page refers to, once it was served and has no inline script or style for
   * the Content-Security-Policy to allow: every script has a src, no style="".
   */
  static List<String> references(Http.Response page) {
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String html = page.text();
    assertThat(html).doesNotContain("<script>", "style=", "onclick", "<style");
    Matcher ref = REFERENCE.matcher(html);
    List<String> references = new ArrayList<>();
    while (ref.find()) {
      references.add(ref.group(1));
    }
    return references;
  }
}
