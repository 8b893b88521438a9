package dev.idtrain.telemetry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/** A plain HTTP/1.1 client for tests: real requests against the real endpoint. */
public final class Http {

  public record Response(int status, String contentType, String contentEncoding, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String gunzipped() {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public Response get(String url, String... headers) {
    return send(url, "GET", headers);
  }

  public Response send(String url, String method, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null),
          r.headers().firstValue("Content-Encoding").orElse(null),
          r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET the URL and parse it as the Prometheus text format; fails on any status but 200. */
  public Exposition scrape(String url) {
    Response r = get(url);
    if (r.status() != 200) {
      throw new AssertionError("GET " + url + ": " + r.status() + " " + r.text());
    }
    return Exposition.parseText(r.text());
  }
}
