package io.ironlb.lab.bgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion within a time limit and returns its merged output. */
final class Shell {

  static final Duration DEFAULT_LIMIT = Duration.ofSeconds(20);

  private Shell() {}

  /** The exit code and merged output of a finished command. */
  record Result(int exit, String output) {}

  /** Runs {@code cmd}; fails (with its output) when it exits non-zero or overruns the limit. */
  static String run(String... cmd) {
    Result r = exec(DEFAULT_LIMIT, List.of(cmd));
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.output());
    }
    return r.output();
  }

  /** {@code bash -c script}, failing on a non-zero exit. */
  static String sh(String script) {
    return run("bash", "-c", script);
  }

  /** {@code bash -c script}, whatever its exit code. */
  static Result trySh(String script) {
    return exec(DEFAULT_LIMIT, List.of("bash", "-c", script));
  }

  /** Runs {@code cmd} and returns how it ended; fails only when it overruns {@code limit}. */
  static Result exec(Duration limit, List<String> cmd) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + cmd, e);
    }
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "(reading the output failed: " + e + ")";
              }
            });
    try {
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish in " + limit);
      }
      return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted running " + cmd, e);
    } catch (Exception e) {
      throw new AssertionError("reading the output of " + cmd, e);
    }
  }
}
