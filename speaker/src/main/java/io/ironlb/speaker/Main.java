package io.ironlb.speaker;

import io.ironlb.runtime.ClusterOptions;
import io.ironlb.speaker.forwarder.NodePortForwarder;
import io.ironlb.speaker.status.StatusPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code ironlb-speaker} executable: parses flags, sets logging up, runs the speaker. */
@Command(
    name = "ironlb-speaker",
    mixinStandardHelpOptions = true,
    version = "ironlb-speaker 0.1.0",
    description = {
      "Runs on every node and makes the network deliver Service IPs to a node: in layer 2 the",
      "elected node answers ARP/NDP for the IP and sends gratuitous ARP / unsolicited NA."
    },
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--node-name",
      defaultValue = "${env:NODE_NAME}",
      required = true,
      description = "name of the Node this speaker runs on (default: $NODE_NAME)")
  String nodeName;

  @Option(
      names = "--ignore-exclude-lb",
      description =
          "announce from nodes labelled node.kubernetes.io/exclude-from-external-load-balancers too")
  boolean ignoreExcludeLb;

  @Option(
      names = "--exclude-interfaces",
      split = ",",
      paramLabel = "REGEX",
      description =
          "interfaces never used for layer 2, as regular expressions (default: MetalLB's list:"
              + " docker, cbr, dummy, virbr, lxcbr, veth, lo, cali, tunl, flannel, kube-ipvs, cni,"
              + " nodelocaldns, lxc)")
  List<String> excludeInterfaces;

  @Option(
      names = "--interface-rescan",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "how often interfaces are rescanned (default: ${DEFAULT-VALUE})")
  Duration interfaceRescan;

  @Option(
      names = "--gratuitous-refresh",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "after the takeover burst, resend gratuitous ARP/NA this often so switch tables never"
              + " age out; 0 never (default: ${DEFAULT-VALUE})")
  Duration gratuitousRefresh;

  @Option(
      names = "--membership-port",
      defaultValue = "7947",
      description = "UDP port of the speakers' heartbeats (default: ${DEFAULT-VALUE})")
  int membershipPort;

  @Option(
      names = "--membership-interval",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description = "heartbeat interval (default: ${DEFAULT-VALUE})")
  Duration membershipInterval;

  @Option(
      names = "--membership-multiplier",
      defaultValue = "3",
      description = "a speaker silent for this many intervals is dead (default: ${DEFAULT-VALUE})")
  int membershipMultiplier;

  @Option(
      names = "--membership-key-file",
      paramLabel = "FILE",
      description = "file holding the shared key that authenticates heartbeats (HMAC-SHA256)")
  Path membershipKeyFile;

  @Option(
      names = "--pod-name",
      defaultValue = "${env:POD_NAME}",
      description =
          "this speaker's Pod (default: $POD_NAME); with --pod-uid, the owner of the"
              + " ServiceL2Status objects it writes, so they go when the Pod goes")
  String podName;

  @Option(
      names = "--pod-uid",
      defaultValue = "${env:POD_UID}",
      description = "the uid of that Pod (default: $POD_UID)")
  String podUid;

  @Option(
      names = {"--metrics-port", "--port"},
      defaultValue = "7472",
      description = "port of /metrics; 0 disables (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(
      names = "--health-port",
      defaultValue = "17473",
      description = "port of /healthz and /readyz; 0 disables (default: ${DEFAULT-VALUE})")
  int healthPort;

  @Option(
      names = "--bgp-port",
      defaultValue = "179",
      description =
          "TCP port that accepts BGP peers' connections; 0 only dials out (default: ${DEFAULT-VALUE})")
  int bgpPort;

  @Option(
      names = "--forwarder-workers",
      defaultValue = "0",
      description =
          "event loops of the ipMode Proxy forwarder; 0 = one per CPU (default: ${DEFAULT-VALUE})")
  int forwarderWorkers;

  @Option(
      names = "--forwarder-transport",
      defaultValue = "auto",
      description =
          "Netty transport of the ipMode Proxy forwarder: auto (epoll, else io_uring), io_uring,"
              + " epoll or nio"
              + " (default: ${DEFAULT-VALUE})")
  String forwarderTransport;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    cluster.applyLogLevel();
    SpeakerOptions options =
        new SpeakerOptions(
            nodeName,
            cluster.kubeconfig(),
            cluster.namespace(),
            cluster.lbClass(),
            ignoreExcludeLb,
            excludeInterfaces == null
                ? Optional.empty()
                : Optional.of(excludeInterfaces.stream().map(Pattern::compile).toList()),
            interfaceRescan,
            gratuitousRefresh,
            new SpeakerOptions.MembershipOptions(
                membershipPort,
                membershipInterval,
                membershipMultiplier,
                Optional.ofNullable(membershipKeyFile)),
            new SpeakerOptions.Endpoints(cluster.bindHost(), metricsPort, healthPort),
            podName == null || podName.isBlank() || podUid == null || podUid.isBlank()
                ? Optional.empty()
                : Optional.of(new StatusPublisher.OwnerPod(podName, podUid)),
            bgpPort,
            forwarderWorkers > 0 ? forwarderWorkers : Runtime.getRuntime().availableProcessors(),
            NodePortForwarder.checkTransport(forwarderTransport));
    try (Speaker speaker = Speaker.start(options)) {
      speaker.awaitShutdown();
    }
    return 0;
  }

  /** Reads {@code 100ms}, {@code 10s}, {@code 2m} or a bare number of milliseconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofMillis(Long.parseLong(v));
    }
  }
}
