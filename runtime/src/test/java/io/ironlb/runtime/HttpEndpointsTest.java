package io.ironlb.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /metrics in Prometheus text format with MetalLB's names; /healthz and /readyz as probes. */
class HttpEndpointsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metricsUseTheTextFormatAndKeepTotalSuffixesOnGauges() throws Exception {
    MetricsRegistry metrics = new MetricsRegistry();
    metrics.gauge("metallb_allocator_addresses_in_use_total", "in use", "pool").set(3, "blue");
    metrics.gauge("metallb_allocator_addresses_in_use_total", "in use", "pool").set(1, "we\"ird");
    try (HttpEndpoints e =
        HttpEndpoints.start("127.0.0.1", freePort(), 0, metrics::scrape, () -> true, () -> true)) {
      HttpResponse<String> r = get(e.boundPorts().get(0), "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
      assertThat(r.body())
          .contains("# TYPE metallb_allocator_addresses_in_use_total gauge\n")
          .contains("metallb_allocator_addresses_in_use_total{pool=\"blue\"} 3\n")
          .contains("metallb_allocator_addresses_in_use_total{pool=\"we\\\"ird\"} 1\n");
    }
  }

  @Test
  void readinessFollowsTheControllerWhileLivenessStaysUp() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    int port = freePort();
    try (HttpEndpoints e =
        HttpEndpoints.start("127.0.0.1", 0, port, () -> "", () -> true, ready::get)) {
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
