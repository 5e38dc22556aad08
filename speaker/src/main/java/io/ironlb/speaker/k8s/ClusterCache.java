package io.ironlb.speaker.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.core.config.ConfigInputs;
import io.ironlb.runtime.ChangeHandlers;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's view of the cluster: informers on Services, EndpointSlices, Nodes and Namespaces
 * (all namespaces), on the metallb.io kinds (in the IronLB namespace) and on that namespace's
 * {@code kubernetes.io/basic-auth} Secrets (BGPPeer passwords; a field selector keeps every other
 * Secret out of the cache). Any change calls {@code onChange}; readers take snapshots.
 *
 * <p>When the API server goes away the informers keep their last contents and retry on their own,
 * so the speaker keeps announcing what it last knew.
 */
public final class ClusterCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Namespace> namespaces;
  private final SharedIndexInformer<IPAddressPool> pools;
  private final SharedIndexInformer<L2Advertisement> l2Advertisements;
  private final SharedIndexInformer<BGPPeer> bgpPeers;
  private final SharedIndexInformer<BGPAdvertisement> bgpAdvertisements;
  private final SharedIndexInformer<BFDProfile> bfdProfiles;
  private final SharedIndexInformer<Community> communities;
  private final SharedIndexInformer<Secret> secrets;

  /** Starts the informers; {@code onChange} runs on the informers' threads and must be quick. */
  public ClusterCache(KubernetesClient client, String namespace, Runnable onChange) {
    services =
        track(client.services().inAnyNamespace().inform(ChangeHandlers.calling(onChange), 0));
    slices =
        track(
            client
                .discovery()
                .v1()
                .endpointSlices()
                .inAnyNamespace()
                .inform(ChangeHandlers.calling(onChange), 0));
    nodes = track(client.nodes().inform(ChangeHandlers.calling(onChange), 0));
    namespaces = track(client.namespaces().inform(ChangeHandlers.calling(onChange), 0));
    pools = track(inNamespace(client, IPAddressPool.class, namespace, onChange));
    l2Advertisements = track(inNamespace(client, L2Advertisement.class, namespace, onChange));
    bgpPeers = track(inNamespace(client, BGPPeer.class, namespace, onChange));
    bgpAdvertisements = track(inNamespace(client, BGPAdvertisement.class, namespace, onChange));
    bfdProfiles = track(inNamespace(client, BFDProfile.class, namespace, onChange));
    communities = track(inNamespace(client, Community.class, namespace, onChange));
    secrets =
        track(
            client
                .secrets()
                .inNamespace(namespace)
                .withField("type", ConfigInputs.SecretData.BASIC_AUTH)
                .inform(ChangeHandlers.calling(onChange), 0));
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata>
      SharedIndexInformer<T> inNamespace(
          KubernetesClient client, Class<T> type, String namespace, Runnable onChange) {
    return client
        .resources(type)
        .inNamespace(namespace)
        .inform(ChangeHandlers.calling(onChange), 0);
  }

  private <T> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  /** Whether every informer has listed its objects once. */
  public boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** Whether every informer is still watching (a stopped informer never recovers). */
  public boolean running() {
    return informers.stream().allMatch(SharedIndexInformer::isRunning);
  }

  /** A consistent-enough copy of every cache (each list is read once). */
  public ClusterSnapshot snapshot() {
    return new ClusterSnapshot(
        services.getStore().list(),
        slices.getStore().list(),
        nodes.getStore().list(),
        namespaces.getStore().list(),
        pools.getStore().list(),
        l2Advertisements.getStore().list(),
        new ClusterSnapshot.Bgp(
            bgpPeers.getStore().list(),
            bgpAdvertisements.getStore().list(),
            bfdProfiles.getStore().list(),
            communities.getStore().list(),
            secrets.getStore().list()));
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : informers) {
      try {
        informer.close();
      } catch (RuntimeException e) {
        LOG.debug("closing an informer failed", e);
      }
    }
  }
}
