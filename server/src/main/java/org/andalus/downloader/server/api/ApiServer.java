package org.andalus.downloader.server.api;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatcher;
import org.andalus.downloader.core.config.ConfigException;

/**
 * The REST + WebSocket API on Undertow ({@code /api/v1/...}, {@code /metrics}). Every route that touches
 * the engine, the disk or a plugin leaves the I/O thread first; every failure becomes the one JSON error
 * shape in {@link ApiErrors}. Binding to anything but loopback requires a bearer token.
 */
public final class ApiServer implements AutoCloseable {
    static final String EVENTS_PATH = "/api/v1/events";
    /** Progress events that may wait for one slow WebSocket client before newer ones are dropped. */
    static final int MAX_QUEUED_PROGRESS = 256;
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

    /** One REST route: method, Undertow path template, handler. */
    record Route(HttpString method, String template, HttpHandler handler) {
        Route {
            requireNonNull(method, "method is null");
            requireNonNull(template, "template is null");
            requireNonNull(handler, "handler is null");
        }
    }

    private final ApiDependencies deps;
    private final ApiOptions options;
    private final List<Route> routes;
    private final EventSocket events;
    private final HttpHandler root;
    private JvmGcMetrics gcMetrics;
    private Undertow undertow;
    private int port = -1;

    /**
     * Builds the routes; nothing listens until {@link #start()}.
     *
     * @param deps what the routes serve
     * @param options where to listen and the token to require
     */
    public ApiServer(ApiDependencies deps, ApiOptions options) {
        this.deps = requireNonNull(deps, "deps is null");
        this.options = requireNonNull(options, "options is null");
        this.events = new EventSocket(deps.events(), MAX_QUEUED_PROGRESS, deps.metrics());
        this.routes = routes(deps);
        this.root = rootHandler();
    }

    private static List<Route> routes(ApiDependencies deps) {
        DownloadEndpoints downloads = new DownloadEndpoints(deps.downloads());
        FileEndpoint files = new FileEndpoint(downloads, deps.downloadDir());
        InfoEndpoints info = new InfoEndpoints(deps);
        ThumbnailEndpoint thumbnails = new ThumbnailEndpoint(downloads, deps.metadata(), deps.thumbnails());
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(Methods.POST, "/api/v1/downloads", downloads::create));
        routes.add(new Route(Methods.GET, "/api/v1/downloads", downloads::list));
        routes.add(new Route(Methods.GET, "/api/v1/downloads/{id}", downloads::get));
        routes.add(new Route(Methods.DELETE, "/api/v1/downloads/{id}", downloads::delete));
        routes.add(new Route(Methods.PATCH, "/api/v1/downloads/{id}", downloads::patch));
        routes.add(new Route(Methods.POST, "/api/v1/downloads/{id}/pause", downloads::pause));
        routes.add(new Route(Methods.POST, "/api/v1/downloads/{id}/resume", downloads::resume));
        routes.add(new Route(Methods.POST, "/api/v1/downloads/{id}/retry", downloads::retry));
        routes.add(new Route(Methods.POST, "/api/v1/downloads/{id}/cancel", downloads::cancel));
        routes.add(new Route(Methods.GET, "/api/v1/downloads/{id}/file", files::serve));
        routes.add(new Route(Methods.HEAD, "/api/v1/downloads/{id}/file", files::serve));
        routes.add(new Route(Methods.GET, "/api/v1/downloads/{id}/thumbnail", thumbnails::serve));
        routes.add(new Route(Methods.GET, "/api/v1/queue", downloads::queue));
        routes.add(new Route(Methods.PATCH, "/api/v1/queue", downloads::updateQueue));
        routes.add(new Route(Methods.GET, "/api/v1/metadata", info::metadata));
        routes.add(new Route(Methods.GET, "/api/v1/platforms", info::platforms));
        routes.add(new Route(Methods.POST, "/api/v1/platforms/{id}/cookies", info::importCookies));
        routes.add(new Route(Methods.GET, "/api/v1/status", info::status));
        routes.add(new Route(Methods.GET, "/api/v1/settings", info::settings));
        routes.add(new Route(Methods.PUT, "/api/v1/settings", info::putSettings));
        routes.add(new Route(Methods.GET, "/api/v1/openapi.json", info::openApi));
        routes.add(new Route(Methods.GET, "/metrics", info::metrics));
        return List.copyOf(routes);
    }

    private HttpHandler rootHandler() {
        RoutingHandler routing = Handlers.routing();
        for (Route route : routes) {
            routing.add(route.method(), route.template(), endpoint(route));
        }
        routing.setFallbackHandler(exchange -> ApiErrors.send(exchange,
                new ApiException(404, "NOT_FOUND", "no route " + exchange.getRequestPath())));
        PathTemplateMatcher<String> allowed = allowedMethods();
        routing.setInvalidMethodHandler(exchange -> {
            PathTemplateMatcher.PathMatchResult<String> match = allowed.match(exchange.getRelativePath());
            if (match != null) {
                exchange.getResponseHeaders().put(Headers.ALLOW, match.getValue());
            }
            ApiErrors.send(exchange, new ApiException(405, "METHOD_NOT_ALLOWED",
                    exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath()));
        });
        HttpHandler notUpgrade = exchange -> ApiErrors.send(exchange, new ApiException(400, "WEBSOCKET_REQUIRED",
                EVENTS_PATH + " is a WebSocket; connect with a WebSocket client (GET with Upgrade: websocket)"));
        HttpHandler paths = Handlers.path(routing)
                .addExactPath(EVENTS_PATH, EventSocket.validatingQuery(Handlers.websocket(events, notUpgrade)));
        return guard(new AuthHandler(options, EVENTS_PATH, paths));
    }

    /** For each route template, its methods as an {@code Allow} header value. */
    private PathTemplateMatcher<String> allowedMethods() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        routes.forEach(route -> methods.computeIfAbsent(route.template(), template -> new TreeSet<>())
                .add(route.method().toString()));
        PathTemplateMatcher<String> matcher = new PathTemplateMatcher<>();
        methods.forEach((template, names) -> matcher.add(template, String.join(", ", names)));
        return matcher;
    }

    /** A route's handler: off the I/O thread, errors mapped, timed in {@code andalus.http.requests}. */
    private HttpHandler endpoint(Route route) {
        HttpHandler timed = exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((done, next) -> {
                Timer.builder("andalus.http.requests")
                        .description("API requests by route and status")
                        .tag("method", route.method().toString())
                        .tag("route", route.template())
                        .tag("status", Integer.toString(done.getStatusCode()))
                        .register(deps.metrics())
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                next.proceed();
            });
            route.handler().handleRequest(exchange);
        };
        return new BlockingHandler(guard(timed));
    }

    private static HttpHandler guard(HttpHandler next) {
        return exchange -> {
            try {
                next.handleRequest(exchange);
            } catch (Exception | LinkageError e) {
                // LinkageError too: a hot-reloaded plugin can leave a class missing mid-request.
                ApiErrors.send(exchange, e);
            }
        };
    }

    /**
     * Binds the listener.
     *
     * @throws ConfigException naming {@code server.token} when binding beyond loopback without a token
     */
    public synchronized void start() {
        if (undertow != null) {
            throw new IllegalStateException("the API server is already started");
        }
        if (options.token().isEmpty() && !isLoopback(options.bindHost())) {
            throw new ConfigException("server.token", "must be set to listen on " + options.bindHost()
                    + ", which is not a loopback address; set server.token (or bind to 127.0.0.1)");
        }
        new ClassLoaderMetrics().bindTo(deps.metrics());
        new JvmMemoryMetrics().bindTo(deps.metrics());
        new JvmThreadMetrics().bindTo(deps.metrics());
        new ProcessorMetrics().bindTo(deps.metrics());
        new UptimeMetrics().bindTo(deps.metrics());
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(deps.metrics());
        Undertow server = Undertow.builder()
                .addHttpListener(options.port(), options.bindHost())
                .setHandler(root)
                .build();
        server.start();
        undertow = server;
        port = ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
        LOG.log(System.Logger.Level.INFO, "API listening on http://" + options.bindHost() + ":" + port
                + (options.token().isPresent() ? " (bearer token required)" : ""));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("server.bind", "names an unknown host: " + host);
        }
    }

    /** The bound port; with port 0 in the options, the one the system picked. */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return port;
    }

    /** Every route as {@code "METHOD /template"}, the WebSocket included (for the OpenAPI check). */
    List<String> routeSignatures() {
        List<String> signatures = new ArrayList<>();
        routes.forEach(route -> signatures.add(route.method() + " " + route.template()));
        signatures.add("GET " + EVENTS_PATH);
        return signatures;
    }

    int openWebSockets() {
        return events.openConnections();
    }

    @Override
    public synchronized void close() {
        events.closeAll();
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
        if (gcMetrics != null) {
            gcMetrics.close();
            gcMetrics = null;
        }
    }
}
