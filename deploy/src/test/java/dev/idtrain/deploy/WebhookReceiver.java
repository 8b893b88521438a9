package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's end of a webhook: an HTTP server on a free loopback port that takes Alertmanager's
 * notifications (POST, webhook format) and keeps each with the time it arrived.
 */
final class WebhookReceiver implements AutoCloseable {
  static final String PATH = "/idtrain-alerts";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One notification: the body Alertmanager posted, and {@link System#nanoTime()} at arrival. */
  record Notification(JsonNode body, long receivedNanos) {
    String status() {
      return body.path("status").asText();
    }

    /** Every alert it carries, as (labels, annotations, status). */
    List<JsonNode> alerts() {
      List<JsonNode> alerts = new ArrayList<>();
      body.path("alerts").forEach(alerts::add);
      return alerts;
    }
  }

  private final HttpServer server;
  private final List<Notification> received = new ArrayList<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(PATH, exchange -> {
      try (exchange) {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        long now = System.nanoTime();
        synchronized (received) {
          received.add(new Notification(body, now));
        }
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  List<Notification> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
