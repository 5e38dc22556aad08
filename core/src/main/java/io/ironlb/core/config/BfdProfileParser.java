package io.ironlb.core.config;

import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BFDProfileSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Validates BFDProfiles (METALLB-API.md §1.5, V17): the schema's ranges, checked again because the
 * parser also sees objects no API server validated. Defaults are those MetalLB documents.
 */
final class BfdProfileParser {

  static final String KIND = "BFDProfile";

  private BfdProfileParser() {}

  static SortedMap<String, BfdProfileConfig> parse(
      List<BFDProfile> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<BfdProfileConfig>> candidates = new ArrayList<>();
    for (BFDProfile cr : Crs.byName(crs, KIND, out)) {
      Problems p = Crs.problems(cr, KIND);
      BFDProfileSpec s = cr.getSpec() == null ? new BFDProfileSpec() : cr.getSpec();
      int rx = ranged(s.getReceiveInterval(), 300, 10, 60000, "spec.receiveInterval", p);
      int tx = ranged(s.getTransmitInterval(), 300, 10, 60000, "spec.transmitInterval", p);
      int multiplier = ranged(s.getDetectMultiplier(), 3, 2, 255, "spec.detectMultiplier", p);
      int echo = ranged(s.getEchoInterval(), 50, 10, 60000, "spec.echoInterval", p);
      int ttl = ranged(s.getMinimumTtl(), 254, 1, 254, "spec.minimumTtl", p);
      candidates.add(
          Candidate.of(
              p,
              () ->
                  new BfdProfileConfig(
                      Crs.name(cr),
                      rx,
                      tx,
                      multiplier,
                      echo,
                      Boolean.TRUE.equals(s.getEchoMode()),
                      Boolean.TRUE.equals(s.getPassiveMode()),
                      ttl),
              Optional.ofNullable(previous.bfdProfiles().get(Crs.name(cr)))));
    }
    return Versions.settle(candidates, out);
  }

  private static int ranged(Integer v, int dflt, int min, int max, String field, Problems p) {
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      p.reject(field, "invalid value " + v + ": must be " + min + ".." + max);
    }
    return v;
  }
}
