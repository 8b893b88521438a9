package dev.idtrain.telemetry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import dev.idtrain.telemetry.Telemetry;
import dev.idtrain.telemetry.Events;
import dev.idtrain.telemetry.Http;

/** Scrapers that hang up mid-response: no noise in the daemon's log, and the next scrape served. */
class ScraperHangUpTest {
  private static final byte[] REQUEST = ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Accept-Encoding: gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    MetricsServer.EXCHANGE_LOG.addHandler(capture);
    MetricsServer.EXCHANGE_LOG.setUseParentHandlers(false);
  }

  @AfterEach
  void stopListening() {
    MetricsServer.EXCHANGE_LOG.setUseParentHandlers(true);
    MetricsServer.EXCHANGE_LOG.removeHandler(capture);
  }

  @Test
  void aScraperResettingTheConnectionIsNotLogged() throws Exception {
    try (Telemetry telemetry = Telemetry.start("127.0.0.1", 0, Events.INFO, Flux.never(),
        TelemetryOptions.defaults().withScrapeCacheTtl(Duration.ZERO))) {
      for (int i = 0; i < 20; i++) {
        try (Socket socket = new Socket("127.0.0.1", telemetry.port())) {
          socket.setSoLinger(true, 0); // close with a reset, as a scraper timing out does
          socket.getOutputStream().write(REQUEST);
        }
      }
      assertThat(new Http().get(telemetry.url()).status()).isEqualTo(200);
    }
    assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
  }

  @Test
  void failuresOtherThanIoAreStillLogged() {
    MetricsServer.EXCHANGE_LOG.log(Level.SEVERE, "hung up", new IOException("Broken pipe"));
    MetricsServer.EXCHANGE_LOG.log(Level.SEVERE, "collect failed", new IllegalStateException("bug"));
    assertThat(logged).extracting(LogRecord::getMessage).containsExactly("collect failed");
  }
}
