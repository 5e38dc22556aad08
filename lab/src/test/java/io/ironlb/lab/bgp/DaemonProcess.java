package io.ironlb.lab.bgp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon the test started in the foreground: stopped by that process (SIGTERM, then SIGKILL after
 * 5 s), never by name; its output goes to a log whose tail goes into failure messages.
 */
final class DaemonProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private DaemonProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code cmd} in {@code ns}, output to {@code dir/NAME.out}. */
  static DaemonProcess start(RouterNamespace ns, Path dir, String name, String... cmd) {
    Path log = dir.resolve(name + ".out");
    return new DaemonProcess(name, ns.spawn(log, cmd), log);
  }

  long pid() {
    return process.pid();
  }

  /** Fails with the log tail when the daemon has exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(
          name + " exited with " + process.exitValue() + ":\n" + tail(log, 30));
    }
  }

  /** SIGHUP to the daemon (GoBGP rereads its configuration). */
  void hangUp() {
    requireAlive();
    Shell.run("kill", "-HUP", Long.toString(process.pid()));
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /**
   * Deletes a daemon's temporary directory (configuration, sockets, logs, MRT files) once it has
   * stopped; failure messages already carry the logs' tails.
   */
  static void removeDirectory(Path dir) {
    if (!dir.getFileName().toString().startsWith("ironlb-")) {
      throw new IllegalArgumentException("not a daemon directory of these tests: " + dir);
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e);
    }
  }

  /** The last {@code lines} lines of {@code file}, or why they cannot be read. */
  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no " + file + ")";
      }
      List<String> all =
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return "--- "
          + file
          + " (last "
          + lines
          + " lines)\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
