package org.andalus.downloader.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Checks the built distribution (this runs in the verify phase, after the assembly): its folders, the
 * launcher's mode in the folder and in the archive, and that {@code bin/andalus --version} runs.
 */
class DistributionLayoutTest {
    private static final Path DIST = Path.of(System.getProperty("andalus.dist.dir", "target/missing"));
    private static final Path ARCHIVE = Path.of(System.getProperty("andalus.dist.archive", "target/missing.tar.gz"));
    private static final String VERSION = System.getProperty("andalus.version", "unknown");

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void holdsTheLauncherTheJarsThePluginsAndTheConfiguration() throws IOException {
        assertThat(Files.getPosixFilePermissions(DIST.resolve("bin/andalus")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        assertThat(names(DIST.resolve("lib"))).contains("andalus-server-" + VERSION + ".jar",
                "andalus-core-" + VERSION + ".jar", "andalus-api-spi-" + VERSION + ".jar")
                .anyMatch(name -> name.startsWith("picocli-"))
                .anyMatch(name -> name.startsWith("sqlite-jdbc-"))
                .noneMatch(name -> name.startsWith("andalus-plugin-"))
                .noneMatch(name -> name.startsWith("junit") || name.startsWith("assertj"));
        assertThat(names(DIST.resolve("plugins"))).contains(
                "andalus-plugin-generic-" + VERSION + ".jar", "andalus-plugin-youtube-" + VERSION + ".jar",
                "andalus-plugin-vimeo-" + VERSION + ".jar", "andalus-plugin-soundcloud-" + VERSION + ".jar",
                "andalus-plugin-dailymotion-" + VERSION + ".jar");
        assertThat(DIST.resolve("conf/andalus.properties")).hasSameTextualContentAs(Path.of(
                "../core/src/main/resources/org/andalus/downloader/core/config/andalus-defaults.properties"));
        assertThat(DIST.resolve("conf/rules/README.md")).isRegularFile();
        assertThat(DIST.resolve("README.md")).isRegularFile();
    }

    @Test
    void shipsSqlitesNativeLibraryUnpackedForTheCommonPlatforms() {
        for (String platform : List.of("Linux/x86_64", "Linux/aarch64", "Linux-Musl/x86_64", "Linux-Musl/aarch64")) {
            assertThat(DIST.resolve("lib/native/" + platform + "/libsqlitejdbc.so")).isNotEmptyFile();
        }
        for (String platform : List.of("Mac/x86_64", "Mac/aarch64")) {
            assertThat(DIST.resolve("lib/native/" + platform + "/libsqlitejdbc.dylib")).isNotEmptyFile();
        }
    }

    @Test
    void theArchiveKeepsTheLauncherExecutable() throws Exception {
        Process tar = new ProcessBuilder("tar", "tzvf", ARCHIVE.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(listing.lines().filter(line -> line.endsWith("andalus-" + VERSION + "/bin/andalus")))
                .singleElement().asString().startsWith("-rwxr-xr-x");
    }

    @Test
    void theLauncherRunsTheCli() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", DIST.resolve("bin/andalus").toString(), "--version")
                .redirectErrorStream(true);
        // The JDK running this test is 21+; naming it keeps the check independent of the machine's others.
        builder.environment().put("ANDALUS_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process launcher = builder.start();
        launcher.getOutputStream().close();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).startsWith("Andalus " + VERSION + System.lineSeparator());
    }
}
