package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's end, scheduled on its workers, on cases whose answer is worked out by hand. */
class EtaTest {

  @Test
  void theSweepEndsWhenItsBusiestWorkerDoesNotWhenTheSummedSpeedWouldSay() {
    // Three short runs and a long one on 2 workers: the long one ends last, at 120 s, whatever
    // the other worker does; steps left / summed speed would say (10 + 10 + 10 + 120) / 2 = 75 s.
    assertThat(Eta.seconds(List.of(10.0, 120.0), List.of(10.0, 10.0), 2)).isEqualTo(120.0);
  }

  @Test
  void queuedRunsStartInOrderOnWhicheverWorkerIsFreeFirst() {
    // Workers free at 30 and 50; the 40 s run takes the first (ends at 70), the 5 s run the
    // second (ends at 55), the 20 s run the first free again, at 55: ends at 75.
    assertThat(Eta.seconds(List.of(30.0, 50.0), List.of(40.0, 5.0, 20.0), 2)).isEqualTo(75.0);
    // Idle workers start queued runs at once.
    assertThat(Eta.seconds(List.of(), List.of(40.0, 5.0, 20.0), 3)).isEqualTo(40.0);
    assertThat(Eta.seconds(List.of(), List.of(10.0, 10.0, 10.0), 1)).isEqualTo(30.0);
    assertThat(Eta.seconds(List.of(), List.of(), 4)).isZero();
  }

  @Test
  void aRunsSpeedIsItsSeedsMedianElseGuessedFromTheGflopRateOfOthers() {
    List<Eta.Speed> measured = List.of(new Eta.Speed(2.0, 10.0), new Eta.Speed(2.0, 14.0),
        new Eta.Speed(2.0, 30.0), new Eta.Speed(8.0, 4.0));
    assertThat(Eta.alike(2.0, measured)).isEqualTo(14.0);
    assertThat(Eta.alike(4.0, measured)).isNaN();
    // GFLOP/s of the four: 20, 28, 60, 32; median 30; a 5 GFLOP step then runs at 6 steps/s.
    assertThat(Eta.byCost(5.0, measured)).isCloseTo(6.0, within(1e-12));
    assertThat(Eta.byCost(5.0, List.of())).isNaN();
  }
}
