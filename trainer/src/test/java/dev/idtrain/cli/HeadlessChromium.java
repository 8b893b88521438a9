package dev.idtrain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol: one page, its
 * events handed to listeners, commands answered as JSON.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, Path profile, WebSocket.Builder builder, URI page)
      throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = builder.buildAsync(page, new Listener()).get(30, TimeUnit.SECONDS);
  }

  /** Starts chromium on about:blank, width x height pixels. */
  static HeadlessChromium start(int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("idtrain-chromium");
    Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
        "--remote-allow-origins=*", "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader log = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    String browser = null;
    while ((line = log.readLine()) != null) {
      if (line.startsWith("DevTools listening on ")) {
        browser = line.substring("DevTools listening on ".length()).trim();
        break;
      }
    }
    if (browser == null) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium exited without a DevTools endpoint");
    }
    Thread drain = new Thread(() -> log.lines().forEach(l -> { }), "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI endpoint = URI.create(browser);
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(URI.create(
            "http://" + endpoint.getAuthority() + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    URI page = null;
    for (JsonNode target : JSON.readTree(list)) {
      if (target.get("type").asText().equals("page")) {
        page = URI.create(target.get("webSocketDebuggerUrl").asText());
      }
    }
    return new HeadlessChromium(process, profile, http.newWebSocketBuilder(), page);
  }

  void onEvent(Consumer<JsonNode> listener) {
    listeners.add(listener);
  }

  /** Sends a DevTools command and waits for its result. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = answer.get(60, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + ": " + reply.get("error"));
    }
    return reply.get("result");
  }

  /** The value of a JavaScript expression in the page. */
  JsonNode evaluate(String expression) throws Exception {
    return send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
        .path("result").path("value");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.abort();
    List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .toList();
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
      // the browser removed it meanwhile
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else {
            listeners.forEach(l -> l.accept(message));
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          text.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
