package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML committed under {@code config/crds/} is exactly what the fabric8 crd-generator makes
 * from the Java model in this build (it runs in {@code process-classes}, before the tests).
 */
class CrdYamlUpToDateTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of("../config/crds");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED);
    assertThat(generated).as("generated CRDs in %s", GENERATED).hasSize(9);
    for (Path g : generated) {
      Path c = COMMITTED.resolve(g.getFileName());
      assertThat(c).as("%s is not committed: run bin/update-crds", c).exists();
      assertThat(Files.readString(c))
          .as("%s differs from the generated CRD: run bin/update-crds", c)
          .isEqualTo(Files.readString(g));
    }
    assertThat(yamlFiles(COMMITTED).stream().map(Path::getFileName).toList())
        .as("config/crds/ holds CRDs the model no longer generates: run bin/update-crds")
        .containsExactlyInAnyOrderElementsOf(generated.stream().map(Path::getFileName).toList());
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
