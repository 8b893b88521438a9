package dev.idtrain.telemetry.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** A page and its API under {@code /}: the run's live page or a sweep's overview. */
public interface Page {

  /** Answers {@code exchange} if {@code path} is one of the page's; false leaves it alone. */
  boolean handle(HttpExchange exchange, String path) throws IOException;
}
