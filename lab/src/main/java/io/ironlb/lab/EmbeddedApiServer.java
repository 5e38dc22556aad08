package io.ironlb.lab;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lab's Kubernetes API server: fabric8's mock server in CRUD mode (objects are stored, listed,
 * watched and patched like on a real server, without schema validation or admission) plus the
 * discovery kubectl needs. Plain HTTP, no authentication: for the lab on one machine only.
 */
@Command(
    name = "ironlb-lab-apiserver",
    mixinStandardHelpOptions = true,
    description = "Embedded Kubernetes API server for the IronLB lab.")
public final class EmbeddedApiServer implements Callable<Integer>, AutoCloseable {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on")
  String host;

  @Option(names = "--port", defaultValue = "0", description = "port; 0 picks a free one")
  int port;

  @Option(names = "--kubeconfig-out", description = "write a kubeconfig for this server here")
  Path kubeconfigOut;

  private KubernetesMockServer server;
  // strong reference: java.util.logging keeps loggers weakly, and the level must stick
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) {
    System.exit(new CommandLine(new EmbeddedApiServer()).execute(args));
  }

  /** Starts a server on {@code host:port} (port 0: any free port). */
  public static EmbeddedApiServer start(String host, int port) throws IOException {
    EmbeddedApiServer s = new EmbeddedApiServer();
    s.host = host;
    s.port = port;
    s.startServer();
    return s;
  }

  private void startServer() throws IOException {
    // The mock web server logs every request at INFO through java.util.logging: at thousands of
    // requests a second that is the bottleneck, and a lab log nobody reads.
    if (System.getenv("IRONLB_LAB_LOG_REQUESTS") == null) {
      MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new DiscoveryDispatcher(), false);
    server.init(InetAddress.getByName(host), port);
  }

  /** The server's base URL, {@code http://host:port}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
  }

  /** A kubeconfig (YAML) pointing at this server. */
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
    startServer();
    if (kubeconfigOut != null) {
      Path tmp = kubeconfigOut.resolveSibling(kubeconfigOut.getFileName() + ".tmp");
      Files.writeString(tmp, kubeconfig());
      Files.move(
          tmp,
          kubeconfigOut,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.println("ironlb lab API server listening on " + url());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  stop.countDown();
                },
                "shutdown"));
    stop.await();
    return 0;
  }

  @Override
  public void close() {
    if (server != null) {
      server.destroy();
    }
  }
}
