package org.andalus.downloader.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.net.JdbcCookiePersistence;
import org.andalus.downloader.spi.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine starts its database, plugins and network side by side: what each part reports must still
 * come out, and whatever started must be closed when another part fails.
 */
class EngineStartTest {
    private static final String WATCHER_THREAD = "andalus-plugin-watcher";
    private static final String POOL_THREAD_PREFIX = "andalus-db";

    @TempDir
    Path dir;

    private Config config(Path plugins) {
        return Config.defaults().with(Map.of(
                "storage.data-dir", dir.resolve("data").toString(),
                "storage.download-dir", dir.resolve("downloads").toString(),
                "storage.plugins-dir", plugins.toString(),
                "storage.conf-dir", dir.resolve("conf").toString(),
                "plugins.watch", "true"));
    }

    private Path pluginsWithABrokenJar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("broken.jar"), "not a zip file");
        return plugins;
    }

    @Test
    void startsEveryPartReportsABrokenPluginAndKeepsCookiesInTheMigratedDatabase() throws Exception {
        try (Engine engine = new Engine(config(pluginsWithABrokenJar()))) {
            assertThat(engine.plugins.platforms()).singleElement().satisfies(broken -> {
                assertThat(broken.state()).isEqualTo("FAILED");
                assertThat(broken.error()).isPresent();
            });
            assertThat(engine.database.file()).isRegularFile();

            // The network was built before the database was open; its cookies still go to the database.
            int imported = engine.network.importCookies("youtube", new StringReader(
                    ".youtube.com\tTRUE\t/\tTRUE\t4102444800\tSID\tsecret\n"));

            assertThat(imported).isEqualTo(1);
            assertThat(new JdbcCookiePersistence(engine.database.dataSource()).load("youtube"))
                    .singleElement().satisfies(cookie -> assertThat(cookie.name()).isEqualTo("SID"));
        }
    }

    @Test
    void aFailedMigrationFailsTheStartClearlyAndThePluginsAreClosed() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        databaseFlywayRefusesToMigrate();

        assertThatThrownBy(() -> new Engine(config(pluginsWithABrokenJar())))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE))
                .hasMessageContaining("cannot migrate the database");

        awaitNoNewThread(before, WATCHER_THREAD);
    }

    @Test
    void pluginFoldersThatCannotBeMadeFailTheStartAndTheDatabaseIsClosed() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Path notAFolder = Files.writeString(dir.resolve("plugins"), "a file where the plugins folder should be");

        assertThatThrownBy(() -> new Engine(config(notAFolder)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot prepare the plugin folders");

        awaitNoNewThread(before, POOL_THREAD_PREFIX);
    }

    @Test
    void whenSeveralPartsFailTheDatabasesFailureComesFirstWithTheOthersSuppressed() throws Exception {
        databaseFlywayRefusesToMigrate();
        Path notAFolder = Files.writeString(dir.resolve("plugins"), "a file where the plugins folder should be");

        assertThatThrownBy(() -> new Engine(config(notAFolder)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("cannot migrate the database")
                .satisfies(e -> assertThat(List.of(e.getSuppressed())).singleElement()
                        .isInstanceOf(UncheckedIOException.class));
    }

    /** A database with a table but no migration history: Flyway will not touch a schema it does not know. */
    private void databaseFlywayRefusesToMigrate() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("andalus.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE someone_elses (id INTEGER)");
        }
    }

    /** Threads started by the failed engine stop when it closes what it opened (a pool's may take a moment). */
    private static void awaitNoNewThread(Set<Thread> before, String namePrefix) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> left = newThreads(before, namePrefix);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            left = newThreads(before, namePrefix);
        }
        assertThat(left).as("threads still running").isEmpty();
    }

    private static List<String> newThreads(Set<Thread> before, String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive() && thread.getName().startsWith(namePrefix))
                .map(Thread::getName).toList();
    }
}
