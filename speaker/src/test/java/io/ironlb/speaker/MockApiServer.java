package io.ironlb.speaker;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/**
 * The fabric8 mock API server in CRUD mode, knowing the given custom resource kinds, and a client
 * of it: what the speaker's status and pass tests write to. Closing stops both.
 */
public final class MockApiServer implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  @SafeVarargs
  public MockApiServer(Class<? extends CustomResource<?, ?>>... kinds) {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    for (Class<? extends CustomResource<?, ?>> kind : kinds) {
      server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(kind));
    }
    client = server.createClient(new VertxHttpClientFactory());
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
