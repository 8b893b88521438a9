package dev.idtrain.telemetry.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Everything under {@code /} that the exporter does not serve itself: the readiness probe {@code
 * /-/ready} (200 once the run reported its first step, 503 before), the {@link Page} at {@code /}
 * with its API (a run's live page or a sweep's overview), and 404 for anything
 * else.
 */
final class IndexHandler implements HttpHandler {

  private static final byte[] READY = "ready\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_READY =
      "not ready: no training step yet\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_FOUND = "not found\n".getBytes(StandardCharsets.UTF_8);

  private final BooleanSupplier ready;
  private final Page page;

  IndexHandler(BooleanSupplier ready, Page page) {
    this.ready = ready;
    this.page = page;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      drain(exchange.getRequestBody());
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/-/ready")) {
        boolean isReady = ready.getAsBoolean();
        respond(exchange, isReady ? 200 : 503, isReady ? READY : NOT_READY);
      } else if (!page.handle(exchange, path)) {
        respond(exchange, 404, NOT_FOUND);
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void drain(InputStream body) throws IOException {
    byte[] buffer = new byte[1024];
    while (body.read(buffer) != -1) {
      // discard: none of these endpoints takes a body
    }
  }
}
