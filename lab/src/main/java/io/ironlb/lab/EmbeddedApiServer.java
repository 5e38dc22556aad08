package io.ironlb.lab;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lab's Kubernetes API server: fabric8's mock server in CRUD mode (objects are stored, listed,
 * watched and patched like on a real server, status subresources included, without schema
 * validation or admission) plus the discovery, table printing and ClusterIPs kubectl and the
 * controller expect ({@link ApiServerDispatcher}). Plain HTTP, no authentication: for a lab on one
 * machine only.
 *
 * <p>As a program it serves until SIGTERM, writes a kubeconfig once it answers, and logs to {@code
 * STATE_DIR/apiserver.log}. In tests, {@link #start} runs one in-process.
 */
@Command(
    name = "ironlb-lab-apiserver",
    mixinStandardHelpOptions = true,
    description = "Embedded Kubernetes API server for the IronLB lab.")
public final class EmbeddedApiServer implements Callable<Integer>, AutoCloseable {

  // Held strongly: java.util.logging keeps loggers weakly, and the level set on it must stick.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--kubeconfig-out",
      description =
          "write a kubeconfig for this server here once it answers"
              + " (default: STATE_DIR/kubeconfig when --state-dir is given)")
  Path kubeconfigOut;

  @Option(
      names = "--state-dir",
      description = "directory for the log (apiserver.log) and, by default, the kubeconfig")
  Path stateDir;

  private KubernetesMockServer server;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EmbeddedApiServer()).execute(args));
  }

  /** Starts a server on {@code host:port} (port 0: any free port) in this JVM. */
  public static EmbeddedApiServer start(String host, int port) throws IOException {
    EmbeddedApiServer s = new EmbeddedApiServer();
    s.host = host;
    s.port = port;
    s.startServer();
    return s;
  }

  private void startServer() throws IOException {
    // The mock web server logs every request at INFO: at thousands of requests a second that is
    // the bottleneck, and a lab log nobody reads. IRONLB_LAB_LOG_REQUESTS=1 brings it back.
    if (System.getenv("IRONLB_LAB_LOG_REQUESTS") == null) {
      MOCK_LOG.setLevel(Level.WARNING);
    }
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ApiServerDispatcher(), false);
    server.init(InetAddress.getByName(host), port);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /**
   * The base URL clients use, {@code http://host:port}; a wildcard listen address (0.0.0.0, ::) is
   * reached through loopback.
   */
  public String url() {
    String h = host;
    if ("0.0.0.0".equals(h)) {
      h = "127.0.0.1";
    } else if ("::".equals(h) || "[::]".equals(h)) {
      h = "::1";
    }
    return "http://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port();
  }

  /** A kubeconfig (YAML) for this server, context {@code ironlb-lab}, namespace default. */
  public String kubeconfig() {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: ironlb-lab",
        "  cluster:",
        "    server: " + url(),
        "users:",
        "- name: lab-admin",
        "  user: {}",
        "contexts:",
        "- name: ironlb-lab",
        "  context:",
        "    cluster: ironlb-lab",
        "    user: lab-admin",
        "    namespace: default",
        "current-context: ironlb-lab",
        "");
  }

  @Override
  public Integer call() throws Exception {
    if (stateDir != null) {
      LabLog.toFile(stateDir.resolve("apiserver.log"));
      if (kubeconfigOut == null) {
        kubeconfigOut = stateDir.resolve("kubeconfig");
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM (bin/lab down) runs this hook: the server closes its port before the JVM exits.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  stopped.countDown();
                },
                "shutdown"));
    startServer();
    awaitAnswering();
    if (kubeconfigOut != null) {
      writeAtomically(kubeconfigOut, kubeconfig());
    }
    System.out.println(Instant.now() + " ironlb lab API server listening on " + url());
    stopped.await();
    return 0;
  }

  /** Asks {@code /version} until it answers 200, so the kubeconfig only appears when usable. */
  private void awaitAnswering() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest version =
        HttpRequest.newBuilder(URI.create(url() + "/version"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(ANSWER_TIMEOUT);
    while (true) {
      try {
        if (http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("the API server does not answer on " + url(), e);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("the API server does not answer 200 on " + url() + "/version");
      }
      Thread.sleep(100);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    if (server != null) {
      server.destroy();
    }
  }
}
