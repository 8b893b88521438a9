package dev.idtrain.telemetry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import dev.idtrain.telemetry.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * How the pages answer: their assets from the jar, {@link Json}, plain-text errors, and on
 * every answer a Content-Security-Policy that allows this origin only and no inline script, so a
 * page works offline and can load nothing from elsewhere.
 */
public final class PageAnswers {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  public static final String OWN = "dev/idtrain/telemetry/page/";
  private static final int GZIP_ABOVE_BYTES = 1024;

  public record Asset(String contentType, byte[] body) {}

  private PageAnswers() {}

  /**
   * Refuses (and answers) anything but a GET, and a query where {@code path} takes none; true
   * when it did.
   */
  public static boolean refused(HttpExchange exchange, String path, boolean takesQuery)
      throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      error(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + path
          + "; allowed: GET (the page and its API are read-only)");
      return true;
    }
    if (!takesQuery && exchange.getRequestURI().getRawQuery() != null) {
      error(exchange, 400, path + " takes no query parameters");
      return true;
    }
    return false;
  }

  public static void json(HttpExchange exchange, Object body) throws IOException {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "application/json", bytes);
  }

  public static void error(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public static void send(HttpExchange exchange, Asset asset) throws IOException {
    send(exchange, 200, asset.contentType(), asset.body());
  }

  public static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", type);
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    if (body.length > GZIP_ABOVE_BYTES && accept != null && accept.contains("gzip")) {
      body = gzip(body);
      headers.set("Content-Encoding", "gzip");
    }
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** A resource of the jar, read once. */
  public static Asset asset(String resource, String contentType) {
    try (InputStream in = PageAnswers.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + resource);
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(body);
    }
    return out.toByteArray();
  }
}
