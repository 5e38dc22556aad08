package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one manifest {@code config/manifests/ironlb.yaml} is exactly what {@code kubectl
 * kustomize config/} renders, and the kustomization lists every CRD in {@code config/crds/}. After
 * changing {@code config/}, run {@code bin/render-manifests}.
 */
class ManifestsInSyncTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Test
  void allInOneManifestEqualsAFreshRendering() throws Exception {
    Process p =
        new ProcessBuilder(kubectl(), "kustomize", REPO.resolve("config").toString())
            .redirectErrorStream(true)
            .start();
    String rendered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(rendered).isZero();
    List<String> committed = Files.readAllLines(REPO.resolve("config/manifests/ironlb.yaml"));
    String body = String.join("\n", committed.subList(2, committed.size())) + "\n";
    assertThat(body)
        .as("config/manifests/ironlb.yaml is stale: run bin/render-manifests")
        .isEqualTo(rendered);
  }

  @Test
  void kustomizationListsEveryCrd() throws Exception {
    String kustomization = Files.readString(REPO.resolve("config/kustomization.yaml"));
    try (Stream<Path> crds = Files.list(REPO.resolve("config/crds"))) {
      assertThat(crds.map(c -> "crds/" + c.getFileName()).toList())
          .isNotEmpty()
          .allSatisfy(c -> assertThat(kustomization).contains("  - " + c + "\n"));
    }
  }

  private static String kubectl() {
    return LabEnv.kubectl();
  }
}
