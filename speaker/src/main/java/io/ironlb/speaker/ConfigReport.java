package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ironlb.core.config.ConfigProblem;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.status.StatusPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a speaker says what is wrong with its configuration: its {@code ConfigurationState} ({@code
 * speaker-<node>}) and a Warning Event {@code InvalidConfiguration} on each object at fault.
 * IPAddressPools get no Event from speakers: the controller reports those.
 */
final class ConfigReport implements SpeakerConfig.ProblemSink {

  private final StatusPublisher status;

  ConfigReport(StatusPublisher status) {
    this.status = status;
  }

  @Override
  public void problems(List<ConfigProblem> problems, ClusterSnapshot snapshot) {
    List<StatusPublisher.PendingEvent> events = new ArrayList<>();
    for (ConfigProblem p : problems) {
      if (!"IPAddressPool".equals(p.kind())) {
        object(snapshot, p)
            .ifPresent(
                o ->
                    events.add(
                        new StatusPublisher.PendingEvent(
                            o, EventRecorder.Type.WARNING, "InvalidConfiguration", p.toString())));
      }
    }
    status.publishConfig(problems.stream().map(ConfigProblem::toString).toList(), events);
  }

  private static java.util.Optional<HasMetadata> object(ClusterSnapshot s, ConfigProblem p) {
    return Stream.<HasMetadata>concat(
            Stream.concat(s.l2Advertisements().stream(), s.bgp().peers().stream()),
            Stream.concat(
                Stream.concat(s.bgp().advertisements().stream(), s.bgp().bfdProfiles().stream()),
                s.bgp().communities().stream()))
        .filter(o -> o.getKind().equals(p.kind()) && o.getMetadata().getName().equals(p.name()))
        .findFirst();
  }
}
