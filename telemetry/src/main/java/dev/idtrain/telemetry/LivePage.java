package dev.idtrain.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The live page and its JSON API: {@code /} (the page), {@code /static/*} (its script, style and
 * the uPlot charting library, all from the jar), {@code /api/v1/run} and {@code
 * /api/v1/series?since=STEP}, read from a {@link RunHistory}. GET only: nothing here changes the
 * run.
 *
 * <p>Every answer carries a Content-Security-Policy that allows this origin only and no inline
 * script, so the page works offline and can load nothing from elsewhere.
 */
final class LivePage {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final String OWN = "dev/idtrain/telemetry/page/";
  private static final Pattern STEP = Pattern.compile("\\d{1,18}");
  private static final int GZIP_ABOVE_BYTES = 1024;

  private record Asset(String contentType, byte[] body) {}

  private static final Map<String, Asset> ASSETS = Map.of(
      "/", asset(OWN + "index.html", "text/html; charset=utf-8"),
      "/static/live.js", asset(OWN + "live.js", "text/javascript; charset=utf-8"),
      "/static/live.css", asset(OWN + "live.css", "text/css; charset=utf-8"),
      "/static/uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js",
          "text/javascript; charset=utf-8"),
      "/static/uPlot.min.css", asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  /** JSON has no NaN or infinity: a figure not known (yet) is null. */
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
      .addSerializer(Double.class, new StdSerializer<>(Double.class) {
        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider p)
            throws IOException {
          number(v, gen);
        }
      })
      .addSerializer(double[].class, new StdSerializer<>(double[].class) {
        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider p)
            throws IOException {
          gen.writeStartArray(values, values.length);
          for (double v : values) {
            number(v, gen);
          }
          gen.writeEndArray();
        }
      }));

  private final RunHistory history;

  LivePage(RunHistory history) {
    this.history = history;
  }

  /** Answers {@code exchange} if {@code path} is one of the page's; false leaves it alone. */
  boolean handle(HttpExchange exchange, String path) throws IOException {
    Asset asset = ASSETS.get(path);
    boolean api = path.equals("/api/v1/run") || path.equals("/api/v1/series");
    if (asset == null && !api) {
      return false;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      error(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + path
          + "; allowed: GET (the page and its API are read-only)");
      return true;
    }
    String query = exchange.getRequestURI().getRawQuery();
    if (asset != null) {
      if (query != null) {
        error(exchange, 400, path + " takes no query parameters");
      } else {
        send(exchange, 200, asset.contentType(), asset.body());
      }
    } else if (path.equals("/api/v1/run")) {
      if (query != null) {
        error(exchange, 400, path + " takes no query parameters");
      } else {
        json(exchange, history.run());
      }
    } else {
      Long since = since(query);
      if (since == null) {
        error(exchange, 400, "since: '" + (query == null ? "" : query) + "' is not allowed;"
            + " allowed: since=STEP with STEP a step number from 0 to 999999999999999999, or"
            + " no query for the whole history");
      } else {
        json(exchange, history.series(since));
      }
    }
    return true;
  }

  /** 0 when absent; null when malformed. */
  private static Long since(String query) {
    if (query == null || query.isEmpty()) {
      return 0L;
    }
    if (!query.startsWith("since=") || !STEP.matcher(query.substring(6)).matches()) {
      return null;
    }
    return Long.parseLong(query.substring(6));
  }

  private static void json(HttpExchange exchange, Map<String, Object> body) throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "application/json", bytes);
  }

  private static void error(HttpExchange exchange, int status, String message)
      throws IOException {
    send(exchange, status, "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
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

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(body);
    }
    return out.toByteArray();
  }

  private static void number(double v, JsonGenerator gen) throws IOException {
    if (!Double.isFinite(v)) {
      gen.writeNull();
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      gen.writeNumber((long) v);
    } else {
      gen.writeNumber(v);
    }
  }

  private static Asset asset(String resource, String contentType) {
    try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + resource);
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
