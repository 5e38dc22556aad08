package io.ironlb.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An IronLB process's HTTP endpoints: {@code /metrics} on the metrics port, {@code /healthz} and
 * {@code /readyz} on the health port (MetalLB's 17472). A port of 0 disables that server; the same
 * port for both serves all three paths from one server.
 */
public final class HttpEndpoints implements AutoCloseable {

  private final List<HttpServer> servers = new ArrayList<>();

  private HttpEndpoints() {}

  /**
   * Starts the servers.
   *
   * @param bindHost address to listen on
   * @param metricsPort port for {@code /metrics}, 0 to disable
   * @param healthPort port for {@code /healthz} and {@code /readyz}, 0 to disable
   * @param metrics renders the metrics text
   * @param live whether the process is healthy
   * @param ready whether the process has loaded its state and serves requests
   */
  public static HttpEndpoints start(
      String bindHost,
      int metricsPort,
      int healthPort,
      Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready)
      throws IOException {
    HttpEndpoints endpoints = new HttpEndpoints();
    HttpServer metricsServer = null;
    if (metricsPort > 0) {
      metricsServer = endpoints.open(bindHost, metricsPort);
      metricsServer.createContext(
          "/metrics",
          ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    }
    if (healthPort > 0) {
      HttpServer health =
          healthPort == metricsPort ? metricsServer : endpoints.open(bindHost, healthPort);
      health.createContext("/healthz", ex -> probe(ex, live.getAsBoolean()));
      health.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    }
    endpoints.servers.forEach(HttpServer::start);
    return endpoints;
  }

  /** The port a server actually listens on (useful when started with an ephemeral port). */
  public List<Integer> boundPorts() {
    return servers.stream().map(s -> s.getAddress().getPort()).toList();
  }

  private HttpServer open(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "http-" + port)));
    servers.add(server);
    return server;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void probe(HttpExchange ex, boolean ok) throws IOException {
    respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
