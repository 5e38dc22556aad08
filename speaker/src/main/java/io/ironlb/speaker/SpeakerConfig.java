package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Secret;
import io.ironlb.core.config.Config;
import io.ironlb.core.config.ConfigInputs;
import io.ironlb.core.config.ConfigParser;
import io.ironlb.core.config.ConfigProblem;
import io.ironlb.core.config.ParseResult;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's configuration: the metallb.io objects turned into a validated {@link Config} by the
 * same parser the controller uses. An invalid object keeps its last good version (the parser's
 * rule); each new problem is logged once at WARN.
 */
final class SpeakerConfig {

  private static final Logger LOG = LoggerFactory.getLogger(SpeakerConfig.class);

  private final ConfigParser parser = new ConfigParser();
  private final PlannerInputs inputs;
  private final SpeakerMetrics metrics;
  private Config current = Config.empty();
  private final ProblemSink sink;
  private List<ConfigProblem> reported;

  /** Told of the configuration problems whenever they change (and after the first parse). */
  interface ProblemSink {
    void problems(List<ConfigProblem> problems, ClusterSnapshot snapshot);

    ProblemSink NONE = (problems, snapshot) -> {};
  }

  SpeakerConfig(PlannerInputs inputs, SpeakerMetrics metrics) {
    this(inputs, metrics, ProblemSink.NONE);
  }

  SpeakerConfig(PlannerInputs inputs, SpeakerMetrics metrics, ProblemSink sink) {
    this.inputs = inputs;
    this.metrics = metrics;
    this.sink = sink;
  }

  PlannerInputs inputs() {
    return inputs;
  }

  SpeakerMetrics metrics() {
    return metrics;
  }

  /** Parses the snapshot's configuration objects against the last result. */
  Config parse(ClusterSnapshot s) {
    Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    s.namespaces()
        .forEach(
            n ->
                namespaceLabels.put(
                    n.getMetadata().getName(), labels(n.getMetadata().getLabels())));
    Map<String, Map<String, String>> nodeLabels = new HashMap<>();
    s.nodes()
        .forEach(
            n -> nodeLabels.put(n.getMetadata().getName(), labels(n.getMetadata().getLabels())));
    ConfigInputs in =
        new ConfigInputs(
            s.pools(),
            s.l2Advertisements(),
            s.bgp().advertisements(),
            s.bgp().peers(),
            s.bgp().bfdProfiles(),
            s.bgp().communities(),
            namespaceLabels,
            nodeLabels,
            secrets(s.bgp().secrets()));
    ParseResult result = parser.parse(in, current);
    current = result.config();
    if (!result.problems().equals(reported)) {
      result.problems().forEach(p -> LOG.warn("configuration problem: {}", p));
      reported = result.problems();
      sink.problems(reported, s);
    }
    metrics.config(!result.problems().isEmpty());
    return current;
  }

  /**
   * The Secrets' decoded entries by name ({@code data} is base64; {@code stringData} only appears
   * on objects that were never stored, e.g. in tests). A value that is not base64 is left out, so
   * the peer naming it reports a missing key rather than a garbled password.
   */
  static Map<String, ConfigInputs.SecretData> secrets(List<Secret> secrets) {
    Map<String, ConfigInputs.SecretData> out = new HashMap<>();
    for (Secret secret : secrets) {
      Map<String, String> data = new HashMap<>();
      labels(secret.getStringData()).forEach(data::put);
      labels(secret.getData())
          .forEach(
              (k, v) -> {
                try {
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                  LOG.warn("Secret {} key {} is not base64; ignored", name(secret), k);
                }
              });
      String type = secret.getType() == null ? "Opaque" : secret.getType();
      out.put(name(secret), new ConfigInputs.SecretData(type, data));
    }
    return out;
  }

  private static String name(Secret s) {
    return s.getMetadata().getName();
  }

  private static Map<String, String> labels(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
