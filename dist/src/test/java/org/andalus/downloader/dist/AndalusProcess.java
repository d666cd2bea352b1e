package org.andalus.downloader.dist;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code bin/andalus} OS process of the built distribution, its stdout and stderr captured to files.
 * {@link #serve} starts the server and waits (bounded) for its {@code listening on http://host:port} line;
 * {@link #run} runs a one-shot command ({@code get}, {@code info}, {@code plugins}) to its end.
 * {@link #close()} always leaves no process behind.
 */
final class AndalusProcess implements AutoCloseable {
    /** The unpacked distribution the surefire execution names. */
    static final Path DIST = Path.of(System.getProperty("andalus.dist.dir", "target/andalus-missing"))
            .toAbsolutePath();
    static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s]+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final URI baseUri;

    private AndalusProcess(Process process, Path stdout, Path stderr, URI baseUri) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.baseUri = baseUri;
    }

    /** What a finished command left: its exit code and output. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /**
     * Starts {@code bin/andalus serve --port 0 --bind 127.0.0.1 --data-dir work/data --download-dir
     * work/downloads --plugins-dir DIST/plugins} plus {@code extraArgs}, in {@code work}, with {@code env}
     * added to the environment (for {@code ANDALUS_*} configuration keys).
     */
    static AndalusProcess serve(Path work, Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--data-dir",
                work.resolve("data").toString(), "--download-dir", work.resolve("downloads").toString()));
        if (!List.of(extraArgs).contains("--plugins-dir")) {
            args.addAll(List.of("--plugins-dir", DIST.resolve("plugins").toString()));
        }
        if (!List.of(extraArgs).contains("--bind")) {
            args.addAll(List.of("--bind", "127.0.0.1"));
        }
        args.addAll(List.of(extraArgs));
        Started started = start(work, env, args, "serve");
        return new AndalusProcess(started.process(), started.stdout(), started.stderr(), awaitListening(started));
    }

    /** Runs {@code bin/andalus args...} in {@code work} to its end (bounded by {@code timeout}). */
    static Result run(Path work, Map<String, String> env, Duration timeout, String... args) {
        Started started = start(work, env, List.of(args), args.length == 0 ? "cli" : args[0]);
        Process process = started.process();
        Path[] logs = {started.stdout(), started.stderr()};
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new AssertionError("andalus " + String.join(" ", args) + " did not finish within " + timeout
                        + "\n" + new Result(-1, read(logs[0]), read(logs[1])));
            }
            return new Result(process.exitValue(), read(logs[0]), read(logs[1]));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #serve} but for a server expected not to start: waits for its exit. */
    static Result serveExpectingFailure(Path work, Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--data-dir",
                work.resolve("data").toString(), "--download-dir", work.resolve("downloads").toString(),
                "--plugins-dir", DIST.resolve("plugins").toString()));
        args.addAll(List.of(extraArgs));
        return run(work, env, START_TIMEOUT, args.toArray(String[]::new));
    }

    private static int sequence;

    private record Started(Process process, Path stdout, Path stderr) {
    }

    private static Started start(Path work, Map<String, String> env, List<String> args, String name) {
        List<String> command = new ArrayList<>(List.of("bash", DIST.resolve("bin/andalus").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        // The JDK running the tests is 21+; naming it keeps the launcher's choice off the machine's others.
        builder.environment().put("ANDALUS_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("ANDALUS_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        builder.environment().keySet().removeIf(key -> key.startsWith("ANDALUS_") && !key.equals("ANDALUS_JAVA")
                && !key.equals("ANDALUS_JAVA_OPTS"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(work);
            int n;
            synchronized (AndalusProcess.class) {
                n = ++sequence;
            }
            // Numbered, so a restarted server's logs sit next to the killed one's.
            Path out = work.resolve(name + "-" + n + ".out");
            Path err = work.resolve(name + "-" + n + ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            return new Started(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI awaitListening(Started started) {
        Process process = started.process();
        Path[] logs = {started.stdout(), started.stderr()};
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(read(logs[0]));
            if (m.find()) {
                // A wildcard bind is reached through loopback.
                return URI.create(m.group(1).replace("://0.0.0.0:", "://127.0.0.1:"));
            }
            if (!process.isAlive()) {
                throw new AssertionError("andalus serve exited before listening\n"
                        + new Result(process.exitValue(), read(logs[0]), read(logs[1])));
            }
            sleep(50);
        }
        killTree(process);
        throw new AssertionError("andalus serve printed no 'listening on' line within " + START_TIMEOUT + "\n"
                + new Result(-1, read(logs[0]), read(logs[1])));
    }

    /** {@code http://127.0.0.1:port}. */
    URI baseUri() {
        return baseUri;
    }

    /** {@code http://127.0.0.1:port/api/v1} + {@code path}. */
    URI api(String path) {
        return URI.create(baseUri + "/api/v1" + path);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Waits (bounded) until the process is gone. */
    void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
    }

    /** SIGTERM: the server closes cleanly. Returns the exit code. */
    int stop() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGINT, as Ctrl-C in a terminal. Returns the exit code. */
    int interrupt() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -INT " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return awaitExit(Duration.ofSeconds(30));
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new AssertionError("andalus (pid " + process.pid() + ") did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        killTree(process);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String read(Path file) {
        requireNonNull(file, "file is null");
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
