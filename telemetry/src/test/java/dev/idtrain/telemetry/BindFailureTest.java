package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import dev.idtrain.telemetry.http.TelemetryBindException;

/** Configured bind address and port that cannot be used: one clear line, nothing left running. */
class BindFailureTest {

  @Test
  void portInUseNamesTheKeyTheValueAndWhatIsAllowed() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      long threadsBefore = httpThreads();

      TelemetryBindException e =
          catchThrowableOfType(TelemetryBindException.class,
              () -> Telemetry.start("127.0.0.1", port, Events.INFO, Flux.never()));

      assertThat(e.getMessage())
          .isEqualTo("telemetry.port: " + port + " on 127.0.0.1 is already in use; allowed: a"
              + " free port, or 0 for any free port");
      assertThat(e.key()).isEqualTo("telemetry.port");
      assertThat(e.value()).isEqualTo(Integer.toString(port));
      assertThat(e.getMessage()).doesNotContain("\n");
      assertThat(httpThreads()).isEqualTo(threadsBefore);
    }
  }

  @Test
  void addressOfAnotherMachine() {
    // 192.0.2.0/24 is TEST-NET-1: never an address of this machine.
    assertThatThrownBy(() -> Telemetry.start("192.0.2.7", 0, Events.INFO, Flux.never()))
        .isInstanceOf(TelemetryBindException.class)
        .hasMessage("telemetry.bind: '192.0.2.7' is not an address of this machine; allowed: an"
            + " IP address or host name of this machine, e.g. 127.0.0.1, or 0.0.0.0 for all"
            + " interfaces")
        .extracting(t -> ((TelemetryBindException) t).key())
        .isEqualTo("telemetry.bind");
  }

  @Test
  void unknownHostName() {
    assertThatThrownBy(() -> Telemetry.start("no-such-host.invalid", 0, Events.INFO, Flux.never()))
        .isInstanceOf(TelemetryBindException.class)
        .hasMessageStartingWith("telemetry.bind: 'no-such-host.invalid' is not a known host name"
            + " or address; allowed: ");
  }

  @Test
  void portOutOfRange() {
    assertThatThrownBy(() -> Telemetry.start("127.0.0.1", 65536, Events.INFO, Flux.never()))
        .isInstanceOf(TelemetryBindException.class)
        .hasMessage("telemetry.port: 65536 is not allowed; allowed: 1 to 65535, or 0 for any free"
            + " port");
  }

  @Test
  void anyFreePortWithZero() {
    try (Telemetry a = Telemetry.start("127.0.0.1", 0, Events.INFO, Flux.never());
        Telemetry b = Telemetry.start("127.0.0.1", 0, Events.INFO, Flux.never())) {
      assertThat(a.port()).isPositive().isNotEqualTo(b.port());
    }
  }

  private static long httpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("idtrain-metrics-http"))
        .count();
  }
}
