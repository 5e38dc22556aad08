package io.ironlb.speaker.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every hex file under {@code fixtures/}: the byte stream one peer sends (see each file's header
 * for its origin), decoded with the format a 4-octet AS session negotiates. Each must decode to the
 * message types its {@code # expect:} line lists, with no RFC 7606 problems, and each message must
 * survive a round trip through the encoder.
 */
class FixturesTest {

  @Test
  void everyFixtureDecodesToTheMessagesItExpects() throws IOException, URISyntaxException {
    List<Path> files = fixtures();
    assertThat(files).as("fixture files").isNotEmpty();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      List<BgpMessage> messages = Wire.decodeAll(Wire.hex(text), BgpCodecContext.FOUR_OCTET_AS);
      assertThat(messages)
          .as(file.getFileName().toString())
          .extracting(m -> m.type().name().replace('_', '-'))
          .containsExactlyElementsOf(expected(text));
      for (BgpMessage m : messages) {
        if (m instanceof Update u) {
          assertThat(u.malformations()).as("%s: %s", file.getFileName(), u).isEmpty();
        }
        assertThat(Wire.decode(Wire.encode(m)))
            .as("%s round trip", file.getFileName())
            .isEqualTo(m);
      }
    }
  }

  @Test
  void everyFixtureSaysWhereItComesFrom() throws IOException, URISyntaxException {
    for (Path file : fixtures()) {
      String header = Files.readAllLines(file).get(0);
      assertThat(header).as(file.getFileName().toString()).matches("# (CONSTRUCTED|CAPTURED).*");
    }
  }

  static List<Path> fixtures() throws IOException, URISyntaxException {
    URL dir = FixturesTest.class.getResource("fixtures");
    assertThat(dir).as("fixtures directory on the test classpath").isNotNull();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
    }
  }

  private static List<String> expected(String text) {
    return text.lines()
        .filter(l -> l.startsWith("# expect:"))
        .findFirst()
        .map(l -> List.of(l.substring("# expect:".length()).trim().split("\\s+")))
        .orElseThrow(() -> new AssertionError("no '# expect:' line"));
  }
}
