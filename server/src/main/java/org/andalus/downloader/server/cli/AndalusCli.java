package org.andalus.downloader.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.config.ConfigException;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.ExtractionException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code andalus} command: {@code serve}, {@code get}, {@code info}, {@code plugins}.
 *
 * <p>Exit codes: 0 success, 1 the operation failed (the message says why, with its error code),
 * 2 the command line or the configuration is wrong.
 */
@Command(name = "andalus", mixinStandardHelpOptions = true, versionProvider = AndalusCli.Version.class,
        description = "Self-hosted media downloader: a server with a REST + WebSocket API, and one-shot commands.",
        footer = {"", "Run 'andalus COMMAND --help' for a command's options."})
public final class AndalusCli implements Callable<Integer> {
    /** The command line or the configuration is wrong. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** The operation failed. */
    public static final int EXIT_FAILURE = 1;

    private static final Set<String> ENGINE_COMMANDS = Set.of("serve", "get", "info", "plugins");
    private static final Set<String> PRINT_ONLY_FLAGS = Set.of("-h", "--help", "-V", "--version");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Undertow and XNIO log through jboss-logging, which would pick java.util.logging and print in a second
        // format; route them to SLF4J like everything else.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        quietLibrariesUnlessServing(args);
        RuntimeFactory runtimes = ServiceLoader.load(RuntimeFactory.class).findFirst().orElseGet(MissingRuntime::new);
        if (startsAnEngine(args)) {
            runtimes.prepare();
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, CliContext.system(runtimes), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The one-shot commands talk to a person on stderr (progress, {@code error: ...}); the libraries' INFO
     * lines (plugin loading, the connection pool) would bury that, and break the redrawn progress bar. So
     * they log warnings and errors only; {@code serve} keeps INFO. An explicit
     * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} (in {@code ANDALUS_JAVA_OPTS}) wins. Must run before
     * the first logger is created.
     */
    static void quietLibrariesUnlessServing(String[] args) {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (!serving && System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    /**
     * Whether this command line will start an engine, so the runtime may begin its start while picocli parses
     * it: a command that starts one, without a help or version flag (those only print).
     */
    static boolean startsAnEngine(String[] args) {
        if (args.length == 0 || !ENGINE_COMMANDS.contains(args[0])) {
            return false;
        }
        return Arrays.stream(args).noneMatch(PRINT_ONLY_FLAGS::contains);
    }


    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
        return commandLine(context, out, err, args.length > 0 ? args[0] : "").execute(args);
    }

    static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        return commandLine(context, out, err, "");
    }

    /**
     * The command line with every subcommand, or with only {@code firstArgument}'s when it names one: that is
     * the only one picocli will parse, run or print help for. Building a command's model reads its annotations
     * by reflection through picocli's classes, which the AOT cache cannot hold (their class files are too
     * old), so each command left out saves start-up time. Anything else (no command, {@code --help}, a
     * typo) gets them all, for the command list and the suggestions.
     */
    static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err, String firstArgument) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", () -> new ServeCommand(context));
        commands.put("get", () -> new GetCommand(context));
        commands.put("info", () -> new InfoCommand(context));
        commands.put("plugins", () -> new PluginsCommand(context));
        CommandLine cli = new CommandLine(new AndalusCli());
        if (commands.containsKey(firstArgument)) {
            cli.addSubcommand(firstArgument, commands.get(firstArgument).get());
        } else {
            commands.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Failures());
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** The version of the server jar, from the Maven metadata the jar carries; {@code dev} out of a build tree. */
    public static String version() {
        try (InputStream in = AndalusCli.class.getResourceAsStream(
                "/META-INF/maven/org.andalus.downloader/andalus-server/pom.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Andalus " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
        }
    }

    /** Turns failures into one {@code error:} line and an exit code instead of a stack trace. */
    static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
            PrintWriter err = command.getErr();
            int code = switch (failure) {
                case ConfigException e -> {
                    err.println("error: " + e.getMessage());
                    yield EXIT_USAGE;
                }
                // The engine's answer to a bad request (Downloads' contract): a wrong format spec, say.
                case IllegalArgumentException e -> {
                    err.println("error: " + e.getMessage());
                    yield EXIT_USAGE;
                }
                case ExtractionException e -> {
                    err.println(errorLine(e.errorCode(), e.getMessage()));
                    yield EXIT_FAILURE;
                }
                default -> {
                    DownloadException e = DownloadException.of(failure);
                    err.println(errorLine(e.errorCode(), e.getMessage()));
                    yield EXIT_FAILURE;
                }
            };
            err.flush();
            return code;
        }
    }

    static String errorLine(ErrorCode code, String message) {
        return "error: [" + code.name() + "] " + message;
    }

    /** Stands in when no runtime is on the class path, so {@code --help} and {@code --version} still work. */
    static final class MissingRuntime implements RuntimeFactory {
        @Override
        public AndalusRuntime server(Config config) {
            throw missing();
        }

        @Override
        public AndalusRuntime embedded(Config config) {
            throw missing();
        }

        private static DownloadException missing() {
            return new DownloadException(ErrorCode.INTERNAL, "no Andalus runtime on the class path: lib/ must hold "
                    + "the server jar with its META-INF/services/" + RuntimeFactory.class.getName() + " entry");
        }
    }
}
