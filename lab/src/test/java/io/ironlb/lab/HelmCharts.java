package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs command-line tools (helm, kubectl) for the chart tests, each bounded in time, and reads the
 * YAML they print into Jackson trees. Output goes to files rather than pipes, so a hung tool is
 * killed at its deadline instead of blocking a read.
 */
final class HelmCharts {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What a finished command left: its exit code and what it wrote to stdout and stderr. */
  record Outcome(List<String> command, int exit, String out, String err) {

    /** stdout, or an AssertionError naming the command and its stderr when it failed. */
    String orFail() {
      if (exit != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exit + ":\n" + err + "\n" + out);
      }
      return out;
    }
  }

  private final Path work;

  HelmCharts(Path work) {
    this.work = work;
  }

  /** Runs {@code command} with {@code stdin} as its standard input, killed after {@code limit}. */
  Outcome run(Duration limit, Optional<String> stdin, List<String> command) {
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .directory(work.toFile());
      if (stdin.isPresent()) {
        Path in = Files.createTempFile(work, "in", ".yaml");
        Files.writeString(in, stdin.get());
        builder.redirectInput(in.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
      }
      return new Outcome(
          List.copyOf(command),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + String.join(" ", command), e);
    }
  }

  /** Every non-empty document of a multi-document YAML stream. */
  static List<JsonNode> documents(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The documents of every YAML file under {@code dir}, in file-name order. */
  static List<JsonNode> documents(Path dir) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(HelmCharts::isYaml).sorted().toList()) {
        docs.addAll(documents(Files.readString(p)));
      }
    }
    return docs;
  }

  static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** "Kind/namespace/name", the identity of an object in a rendering. */
  static String key(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return object.path("kind").asText()
        + "/"
        + meta.path("namespace").asText("")
        + "/"
        + meta.path("name").asText();
  }

  /** The one object of {@code kind} called {@code name} in {@code docs}. */
  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    List<JsonNode> found =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals(kind))
            .filter(d -> d.path("metadata").path("name").asText().equals(name))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + kind + " " + name + ", found " + found.size() + " in " + keys(docs));
    }
    return found.get(0);
  }

  static List<String> keys(List<JsonNode> docs) {
    return docs.stream().map(HelmCharts::key).sorted().toList();
  }

  /** Back to YAML, for piping a selection of a rendering to kubectl. */
  static String yaml(List<JsonNode> docs) {
    StringBuilder out = new StringBuilder();
    for (JsonNode d : docs) {
      try {
        out.append(YAML.writeValueAsString(d));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }
}
