package org.andalus.downloader.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/andalus} with fake {@code java} binaries that print a version for
 * {@code -version} and their arguments otherwise, so the test sees which one the launcher chose and how
 * it was called.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/bin/andalus");
    private static final String MAIN = "org.andalus.downloader.server.cli.AndalusCli";

    @TempDir
    Path dir;

    private Path home;
    private Path pathBin;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void install() throws IOException {
        home = Files.createDirectories(dir.resolve("andalus-1.0"));
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(LAUNCHER, home.resolve("bin/andalus"), StandardCopyOption.COPY_ATTRIBUTES);
        // PATH always starts with a (too old) java, so the machine's own java never takes part.
        pathBin = fakeJava(dir.resolve("path-jdk"), "17.0.15").getParent();
        env.put("PATH", pathBin + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("ANDALUS_JAVA_SEARCH", dir.resolve("jvm") + "/*");
    }

    /** A fake JDK home with bin/java answering -version like OpenJDK does. */
    private static Path fakeJava(Path jdkHome, String version) throws IOException {
        Path java = Files.createDirectories(jdkHome.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then
                  echo 'openjdk version "%s" 2025-01-01' >&2
                  echo 'OpenJDK Runtime Environment (build %s)' >&2
                  exit 0
                fi
                echo "java=$0"
                for arg in "$@"; do echo "arg=$arg"; done
                """.formatted(version, version), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private record Result(int exitCode, List<String> out, String err) {
        String chosenJava() {
            return out.stream().filter(line -> line.startsWith("java=")).findFirst().orElse("java=(none)").substring(5);
        }

        List<String> args() {
            return out.stream().filter(line -> line.startsWith("arg=")).map(line -> line.substring(4)).toList();
        }
    }

    private Result launch(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(process.exitValue(), out.lines().toList(), err);
    }

    @Test
    void runsTheCliWithTheDistributionsJarsAndHome() throws Exception {
        Path java21 = fakeJava(dir.resolve("jvm/jdk-21"), "21.0.5");
        env.put("ANDALUS_JAVA_OPTS", "-Xmx256m -Dx=y");

        Result result = launch(home.resolve("bin/andalus"), "get", "https://example.com/a b", "-o", "{title}.{ext}");

        assertThat(result.exitCode()).isZero();
        assertThat(result.chosenJava()).isEqualTo(java21.toString());
        assertThat(result.args()).containsExactly("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-Dx=y", "-Dandalus.home=" + home.toRealPath(),
                "-cp", home.toRealPath() + "/lib/*", MAIN, "get", "https://example.com/a b", "-o", "{title}.{ext}");
    }

    @Test
    void serveKeepsTheJvmDefaultsAndOneShotCommandsUseAnAotCacheOnJava25() throws Exception {
        fakeJava(dir.resolve("jvm/jdk-25"), "25.0.1");
        Files.writeString(home.resolve("lib/andalus-cli.aot"), "cache");

        List<String> serve = launch(home.resolve("bin/andalus"), "serve").args();
        List<String> get = launch(home.resolve("bin/andalus"), "get", "https://example.com/v").args();
        env.put("ANDALUS_AOT", "off");
        List<String> withoutCache = launch(home.resolve("bin/andalus"), "get", "https://example.com/v").args();
        env.put("ANDALUS_AOT", "create");
        List<String> training = launch(home.resolve("bin/andalus"), "serve").args();

        String nativeAccess = "--enable-native-access=ALL-UNNAMED";
        assertThat(serve).startsWith(nativeAccess).element(1).asString().startsWith("-Dandalus.home=");
        assertThat(get).startsWith(nativeAccess, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:AOTCache=" + home.toRealPath() + "/lib/andalus-cli.aot");
        assertThat(withoutCache).startsWith(nativeAccess, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:UserThreadWaitAttemptsAtExit=0", "-Dandalus.home=" + home.toRealPath());
        assertThat(get).contains("-XX:UserThreadWaitAttemptsAtExit=0");
        assertThat(serve).doesNotContain("-XX:UserThreadWaitAttemptsAtExit=0");
        assertThat(training).startsWith(nativeAccess, "-XX:AOTCacheOutput=" + home.toRealPath() + "/lib/andalus-serve.aot");
    }

    @Test
    void anExplicitJavaComesFirst() throws Exception {
        fakeJava(dir.resolve("jvm/jdk-25"), "25.0.1");
        Path explicit = fakeJava(dir.resolve("mine"), "21.0.2");
        env.put("ANDALUS_JAVA", explicit.toString());

        assertThat(launch(home.resolve("bin/andalus"), "--version").chosenJava()).isEqualTo(explicit.toString());
    }

    @Test
    void javaHomeComesBeforePathAndTheInstallFolders() throws Exception {
        fakeJava(dir.resolve("jvm/jdk-25"), "25.0.1");
        Path javaHome = dir.resolve("java-home");
        Path java = fakeJava(javaHome, "22");
        env.put("JAVA_HOME", javaHome.toString());

        assertThat(launch(home.resolve("bin/andalus")).chosenJava()).isEqualTo(java.toString());
    }

    @Test
    void tooOldJavasAreSkippedAndTheNewestInstalledOneWins() throws Exception {
        Path oldExplicit = fakeJava(dir.resolve("old"), "1.8.0_292");
        env.put("ANDALUS_JAVA", oldExplicit.toString());
        Path oldHome = dir.resolve("jvm/java-17-openjdk");
        fakeJava(oldHome, "17.0.15");
        env.put("JAVA_HOME", oldHome.toString());
        fakeJava(dir.resolve("jvm/jdk-21.0.5"), "21.0.5");
        Path newest = fakeJava(dir.resolve("jvm/temurin-25"), "25");
        fakeJava(dir.resolve("jvm/jdk-23"), "23.0.1");

        Result result = launch(home.resolve("bin/andalus"), "serve");

        assertThat(result.exitCode()).isZero();
        assertThat(result.chosenJava()).isEqualTo(newest.toString());
        assertThat(result.err()).contains("ignoring ANDALUS_JAVA=" + oldExplicit);
    }

    @Test
    void theReleaseFileGivesTheVersionWithoutRunningJava() throws Exception {
        Path jdk = dir.resolve("jvm/some-jdk");
        Path java = fakeJava(jdk, "11.0.1");
        // The release file wins: a real JDK's -version and release agree, the fake's do not on purpose.
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"24.0.2\"\n");

        assertThat(launch(home.resolve("bin/andalus")).chosenJava()).isEqualTo(java.toString());
    }

    @Test
    void theReleaseFileIsFoundThroughSymlinksSoJavaIsNotRunForItsVersion() throws Exception {
        // Like /usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/<jdk>/bin/java.
        Path jdk = dir.resolve("real-jdk");
        Path java = fakeJava(jdk, "11.0.1");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path alternatives = Files.createDirectories(dir.resolve("etc/alternatives"));
        Files.createSymbolicLink(alternatives.resolve("java"), java);
        Path usrBin = Files.createDirectories(dir.resolve("usr/bin"));
        Files.createSymbolicLink(usrBin.resolve("java"), Path.of("../../etc/alternatives/java"));
        env.put("PATH", usrBin + ":/usr/bin:/bin");
        Files.writeString(home.resolve("lib/andalus-cli.aot"), "cache");

        Result result = launch(home.resolve("bin/andalus"), "get", "https://example.com/v");

        // -version would say 11 (too old); the release file says 25, so the AOT cache is used too.
        assertThat(result.exitCode()).isZero();
        assertThat(result.chosenJava()).isEqualTo(usrBin.resolve("java").toString());
        assertThat(result.args()).contains("-XX:AOTCache=" + home.toRealPath() + "/lib/andalus-cli.aot");
    }

    @Test
    void sqlitesNativeLibraryComesFromTheDistributionWhenItShipsOneForThisPlatform() throws Exception {
        fakeJava(dir.resolve("jvm/jdk-21"), "21");
        List<String> withoutFolder = launch(home.resolve("bin/andalus"), "get", "https://example.com/v").args();
        for (String platform : List.of("Linux/x86_64", "Linux/aarch64", "Linux-Musl/x86_64", "Linux-Musl/aarch64",
                "Mac/x86_64", "Mac/aarch64")) {
            Files.createDirectories(home.resolve("lib/native/" + platform));
        }

        List<String> detected = launch(home.resolve("bin/andalus"), "serve").args();
        env.put("ANDALUS_NATIVE_PLATFORM", "Linux-Musl/aarch64");
        List<String> named = launch(home.resolve("bin/andalus"), "get", "https://example.com/v").args();
        env.put("ANDALUS_NATIVE_PLATFORM", "none");
        List<String> skipped = launch(home.resolve("bin/andalus"), "get", "https://example.com/v").args();

        assertThat(withoutFolder).noneMatch(arg -> arg.startsWith("-Dorg.sqlite.lib.path="));
        // This machine is one of the six (the build runs on Linux or macOS, x86_64 or aarch64).
        assertThat(detected).filteredOn(arg -> arg.startsWith("-Dorg.sqlite.lib.path=")).singleElement().asString()
                .startsWith("-Dorg.sqlite.lib.path=" + home.toRealPath() + "/lib/native/")
                .satisfies(arg -> assertThat(Path.of(arg.substring(arg.indexOf('=') + 1))).isDirectory());
        assertThat(named).contains("-Dorg.sqlite.lib.path=" + home.toRealPath() + "/lib/native/Linux-Musl/aarch64");
        assertThat(skipped).noneMatch(arg -> arg.startsWith("-Dorg.sqlite.lib.path="));
    }

    @Test
    void withoutJava21ItSaysWhatItFoundAndExitsOne() throws Exception {
        fakeJava(dir.resolve("jvm/java-17-openjdk"), "17.0.15");
        fakeJava(dir.resolve("jvm/java-11-openjdk"), "11.0.25");

        Result result = launch(home.resolve("bin/andalus"), "serve");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains("Andalus needs Java 21 or newer; found: ")
                .contains(pathBin.resolve("java") + " (17)")
                .contains(dir.resolve("jvm/java-11-openjdk/bin/java") + " (11)")
                .contains("Install a JDK 21+ or set JAVA_HOME/ANDALUS_JAVA.");
    }

    @Test
    void aSymlinkToTheLauncherStillFindsTheDistribution() throws Exception {
        fakeJava(dir.resolve("jvm/jdk-21"), "21");
        Path links = Files.createDirectories(dir.resolve("usr/local/bin"));
        Path link = Files.createSymbolicLink(links.resolve("andalus"), Path.of("../../../andalus-1.0/bin/andalus"));

        Result result = launch(link, "plugins");

        assertThat(result.exitCode()).isZero();
        assertThat(result.args()).contains("-Dandalus.home=" + home.toRealPath(), home.toRealPath() + "/lib/*");
    }
}
