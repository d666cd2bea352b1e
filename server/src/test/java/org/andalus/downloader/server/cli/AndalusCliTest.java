package org.andalus.downloader.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AndalusCliTest {
    @TempDir
    Path dir;

    @Test
    void onlyCommandsThatStartAnEngineGetItsStartBegunEarly() {
        assertThat(AndalusCli.startsAnEngine(new String[] {"get", "https://example.com/v"})).isTrue();
        assertThat(AndalusCli.startsAnEngine(new String[] {"serve", "--port", "0"})).isTrue();
        assertThat(AndalusCli.startsAnEngine(new String[] {"info", "u"})).isTrue();
        assertThat(AndalusCli.startsAnEngine(new String[] {"plugins"})).isTrue();

        assertThat(AndalusCli.startsAnEngine(new String[] {})).isFalse();
        assertThat(AndalusCli.startsAnEngine(new String[] {"--version"})).isFalse();
        assertThat(AndalusCli.startsAnEngine(new String[] {"get", "--help"})).isFalse();
        assertThat(AndalusCli.startsAnEngine(new String[] {"serve", "-h"})).isFalse();
        assertThat(AndalusCli.startsAnEngine(new String[] {"plugins", "-V"})).isFalse();
        assertThat(AndalusCli.startsAnEngine(new String[] {"unknown", "u"})).isFalse();
    }

    @Test
    void aCommandLineBuildsOnlyTheCommandItRunsAndAnythingElseGetsThemAll() {
        CliContext context = CliContext.system(new AndalusCli.MissingRuntime());
        PrintWriter sink = new PrintWriter(new StringWriter());

        assertThat(AndalusCli.commandLine(context, sink, sink, "get").getSubcommands()).containsOnlyKeys("get");
        assertThat(AndalusCli.commandLine(context, sink, sink, "serve").getSubcommands()).containsOnlyKeys("serve");
        assertThat(AndalusCli.commandLine(context, sink, sink, "--help").getSubcommands())
                .containsOnlyKeys("serve", "get", "info", "plugins");
        assertThat(AndalusCli.commandLine(context, sink, sink, "gte").getSubcommands())
                .containsOnlyKeys("serve", "get", "info", "plugins");
    }

    @Test
    void aMistypedCommandStillGetsASuggestion() {
        CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir, "gte", "https://example.com/v");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("gte").contains("get");
    }

    @Test
    void versionWorksWithoutARuntime() {
        CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir, "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Andalus " + AndalusCli.version()).contains("Java " + Runtime.version());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"serve", "get", "info", "plugins"}) {
            CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir, command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: andalus " + command).contains("--version");
        }
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("serve", "get", "info", "plugins");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: missing command").contains("Usage: andalus");
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreUsageErrors() {
        assertThat(CliRun.run(new AndalusCli.MissingRuntime(), dir, "serve", "--nope").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(new AndalusCli.MissingRuntime(), dir, "get").exitCode()).isEqualTo(2);
        CliRun badPort = CliRun.run(new AndalusCli.MissingRuntime(), dir, "serve", "--port", "http");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port");
    }

    @Test
    void aMissingRuntimeIsReportedAsAnError() {
        CliRun run = CliRun.run(new AndalusCli.MissingRuntime(), dir, "plugins");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: [INTERNAL] no Andalus runtime on the class path");
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        CliRun run = CliRun.run(new FakeRuntime(), dir, "serve", "--config", dir.resolve("nope.properties").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: configuration 'config' file").contains("nope.properties");
    }
}
