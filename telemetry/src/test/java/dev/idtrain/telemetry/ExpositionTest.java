package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test parser must be strict, or the concurrency test proves nothing. */
class ExpositionTest {

  private static final String GOOD =
      """
      # HELP a_total Things.
      # TYPE a_total counter
      a_total{run="r",x="q\\"uote\\\\d\\n"} 3.0
      # TYPE h histogram
      h_bucket{le="0.1"} 1
      h_bucket{le="+Inf"} 2
      h_count 2
      h_sum 0.3
      # TYPE g gauge
      g NaN
      g{k="v"} -1.5E-7 1700000000000
      """;

  @Test
  void acceptsAWellFormedExposition() {
    Exposition e = Exposition.parseText(GOOD);
    assertThat(e.value("a_total")).isEqualTo(3);
    assertThat(e.samples("a_total").get(0).label("x")).isEqualTo("q\"uote\\d\n");
    assertThat(e.value("g", "k", "v")).isEqualTo(-1.5e-7);
    assertThat(e.seriesKeys()).hasSize(7);
  }

  @Test
  void rejectsWhatATornOrTruncatedExpositionWouldContain() {
    String[] bad = {
      GOOD.substring(0, GOOD.length() - 5), // truncated mid-line
      "x 1\n", // no TYPE
      "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n", // duplicate series
      "# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\n# TYPE x gauge\nx{a=\"2\"} 1\n", // family twice
      "# TYPE x gauge\ny 1\n", // sample of another family
      "# TYPE x gauge\nx{a=1} 1\n", // unquoted label value
      "# TYPE x gauge\nx{a=\"1\",} 1\n# TYPE y gauge\ny{1a=\"x\"} 1\n", // bad label name
      "# TYPE x gauge\nx 1.2.3\n", // bad value
      "# TYPE x gauge\nx{a=\"1\" 1\n", // unterminated labels
      "# TYPE x gauge\n\nx 1\n", // empty line
      "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",
      "# TYPE x wrongtype\nx 1\n",
    };
    for (String text : bad) {
      assertThatThrownBy(() -> Exposition.parseText(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void openMetricsNeedsEofAndNothingAfterIt() {
    String om = "# TYPE a counter\na_total 1.0\n# TYPE i info\ni_info{k=\"v\"} 1\n";
    assertThat(Exposition.parseOpenMetrics(om + "# EOF\n").value("a_total")).isEqualTo(1);
    assertThatThrownBy(() -> Exposition.parseOpenMetrics(om))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Exposition.parseOpenMetrics(om + "# EOF\na_total 2\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
