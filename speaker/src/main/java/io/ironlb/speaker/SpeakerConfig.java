package io.ironlb.speaker;

import io.ironlb.core.config.Config;
import io.ironlb.core.config.ConfigInputs;
import io.ironlb.core.config.ConfigParser;
import io.ironlb.core.config.ConfigProblem;
import io.ironlb.core.config.ParseResult;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
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
  private List<ConfigProblem> reported = List.of();

  SpeakerConfig(PlannerInputs inputs, SpeakerMetrics metrics) {
    this.inputs = inputs;
    this.metrics = metrics;
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
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            namespaceLabels,
            nodeLabels,
            Map.of());
    ParseResult result = parser.parse(in, current);
    current = result.config();
    if (!result.problems().equals(reported)) {
      result.problems().forEach(p -> LOG.warn("configuration problem: {}", p));
      reported = result.problems();
    }
    metrics.config(!result.problems().isEmpty());
    return current;
  }

  private static Map<String, String> labels(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
