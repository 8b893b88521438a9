package dev.idtrain.dgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class SeedsTest {

  private static long[] head(UniformRandomProvider rng, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextLong();
    }
    return v;
  }

  @Test
  void sameKeyGivesTheSameStream() {
    assertThat(head(Seeds.batch(7, 123), 16)).containsExactly(head(Seeds.batch(7, 123), 16));
    assertThat(head(Seeds.generator(7), 16)).containsExactly(head(Seeds.generator(7), 16));
    assertThat(head(Seeds.clusterVectors(7), 16))
        .containsExactly(head(Seeds.clusterVectors(7), 16));
    assertThat(head(Seeds.probe(7, 250), 16)).containsExactly(head(Seeds.probe(7, 250), 16));
  }

  @Test
  void everySeedPurposeAndIndexStartsAFreshStream() {
    List<UniformRandomProvider> streams = new ArrayList<>();
    for (long seed : new long[] {0, 1, -1, Long.MAX_VALUE}) {
      streams.add(Seeds.clusterVectors(seed));
      streams.add(Seeds.generator(seed));
      for (long i = 0; i < 50; i++) {
        streams.add(Seeds.batch(seed, i));
        streams.add(Seeds.probe(seed, i));
      }
    }
    Set<Long> first = new HashSet<>();
    for (UniformRandomProvider s : streams) {
      first.add(s.nextLong());
    }
    assertThat(first).hasSize(streams.size());
  }

  @Test
  void neighbouringStreamsAreUncorrelated() {
    // Adjacent batch indices and the same index under different purposes must not track each
    // other; with n = 20000 uniform pairs the correlation's standard error is 0.007.
    assertThat(correlation(Seeds.batch(3, 0), Seeds.batch(3, 1))).isLessThan(0.03);
    assertThat(correlation(Seeds.batch(3, 5), Seeds.probe(3, 5))).isLessThan(0.03);
    assertThat(correlation(Seeds.batch(3, 5), Seeds.batch(4, 5))).isLessThan(0.03);
    assertThat(correlation(Seeds.clusterVectors(3), Seeds.generator(3))).isLessThan(0.03);
  }

  private static double correlation(UniformRandomProvider a, UniformRandomProvider b) {
    int n = 20_000;
    double sa = 0;
    double sb = 0;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      double x = a.nextDouble();
      double y = b.nextDouble();
      sa += x;
      sb += y;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    double cov = sab / n - (sa / n) * (sb / n);
    double va = saa / n - (sa / n) * (sa / n);
    double vb = sbb / n - (sb / n) * (sb / n);
    return Math.abs(cov / Math.sqrt(va * vb));
  }
}
