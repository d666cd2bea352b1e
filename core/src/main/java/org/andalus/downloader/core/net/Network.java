package org.andalus.downloader.core.net;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.config.ConfigException;
import org.andalus.downloader.spi.HttpAccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Cookie;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.brotli.BrotliInterceptor;

/**
 * The one network layer every outgoing request goes through: extractor page/API calls via
 * {@link #access(String)} and media downloads via {@link #newCall(Request, String)}. One shared OkHttp
 * client keeps the connection pool (HTTP/1.1 and HTTP/2) and dispatcher common to all; a client per proxy
 * is derived from it. Per platform it keeps a cookie jar, a user agent, a request pace that adapts to
 * 429/503, connection caps and proxy rotation; see {@code docs/network.md} for every setting.
 */
public final class Network implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Network.class.getName());
    /** The socket read size beneath okio's 8 KiB segments (see {@link ReadBufferedSocketFactory}). */
    private static final int READ_BUFFER = 256 << 10;

    private final Config config;
    private final OkHttpClient client;
    private final Map<String, HttpUrl> hostOverrides;
    private final NetworkMetrics metrics;
    private final CookiePersistence cookiePersistence;
    private final UserAgents userAgents;
    private final RetryPolicies retryPolicies;
    private final ApiCache apiCache;
    private final BandwidthLimiter globalBandwidth;
    private final long perDownloadBandwidth;
    private final Duration throttleStep;
    private final List<Cookie> globalCookies;
    private final ProxyPool globalProxies;
    private final Map<String, PlatformCookieJar> jars = new ConcurrentHashMap<>();
    private final Map<String, AdaptiveThrottle> throttles = new ConcurrentHashMap<>();
    private final Map<String, AdaptiveThrottle> hostPacers = new ConcurrentHashMap<>();
    private final Map<String, Optional<Semaphore>> platformSlots = new ConcurrentHashMap<>();
    private final Map<String, Optional<Semaphore>> hostSlots = new ConcurrentHashMap<>();
    private final Map<String, ProxyPool> platformProxies = new ConcurrentHashMap<>();
    private final Map<Optional<ProxySpec>, OkHttpClient> proxyClients = new ConcurrentHashMap<>();
    private volatile ThumbnailCache thumbnails;

    /** A network without metrics export or cookie persistence beyond this JVM. */
    public Network(Config config) {
        this(config, new SimpleMeterRegistry(), CookiePersistence.inMemory());
    }

    /**
     * @param registry where the {@code andalus.http.*} meters go
     * @param cookies where the per-platform cookie jars are stored (the database in the server)
     */
    public Network(Config config, MeterRegistry registry, CookiePersistence cookies) {
        this.config = requireNonNull(config, "config is null");
        this.metrics = new NetworkMetrics(requireNonNull(registry, "registry is null"));
        this.cookiePersistence = requireNonNull(cookies, "cookies is null");
        this.hostOverrides = parseOverrides(config.section("network.host-override"));
        this.userAgents = new UserAgents(userAgentList(config), platformAgents(config));
        this.retryPolicies = RetryPolicies.from(config);
        this.apiCache = new ApiCache(config.longValue("network.api-cache-size"));
        this.globalBandwidth = new BandwidthLimiter(config.bytes("network.limit-rate"));
        this.perDownloadBandwidth = config.bytes("network.limit-rate-per-download");
        this.throttleStep = config.duration("network.throttle-step");
        this.globalCookies = config.get("network.cookies-file")
                .map(f -> readCookiesFile("network.cookies-file", Path.of(f))).orElse(List.of());
        this.globalProxies = proxyPool("network", config.get("network.proxy-pool"), config.get("network.proxy"))
                .orElse(new ProxyPool(List.of(), ProxyPool.Rotation.ROUND_ROBIN));
        this.client = buildClient();
    }

    private OkHttpClient buildClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(64);
        Interceptor brotli = chain -> chain.request().header("Range") == null
                ? BrotliInterceptor.INSTANCE.intercept(chain) : chain.proceed(chain.request());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .socketFactory(new ReadBufferedSocketFactory(READ_BUFFER))
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .connectTimeout(config.duration("network.connect-timeout"))
                .readTimeout(config.duration("network.read-timeout"))
                .writeTimeout(config.duration("network.read-timeout"))
                .followRedirects(true)
                .followSslRedirects(true)
                .retryOnConnectionFailure(true)
                // first: it must see the URL the caller asked for, before any host override
                .addInterceptor(new PlatformInterceptor(this))
                // brotli + gzip for pages; media byte ranges are left alone so offsets stay exact
                .addInterceptor(brotli)
                .addInterceptor(new HostOverrideInterceptor(hostOverrides))
                .addNetworkInterceptor(new CookieInterceptor(this))
                .certificatePinner(Tls.pinner(config.section("network.pin")));
        config.get("network.ca-file").ifPresent(f -> Tls.addCaFile(b, Path.of(f)));
        return b.build();
    }

    /** The HTTP access an extractor of {@code platform} gets through its context. */
    public HttpAccess access(String platform) {
        return new PlatformHttp(this, requirePlatform(platform), config.bytes("network.max-response-size"),
                config.duration("network.call-timeout"));
    }

    /**
     * A call for a media download on behalf of {@code platform}: no whole-call timeout (a large file
     * takes as long as it takes), the read timeout still applies between bytes. The platform's proxy,
     * cookies, user agent (unless the request sets one) and connection caps apply; a connection slot is
     * held until the response body is closed.
     */
    public Call newCall(Request request, String platform) {
        return newCall(request, requirePlatform(platform), false);
    }

    Call newCall(Request request, String platform, boolean api) {
        Optional<ProxySpec> proxy = proxies(platform).next();
        Request tagged = request.newBuilder().tag(CallTag.class, new CallTag(platform, api, proxy)).build();
        return clientFor(proxy).newCall(tagged);
    }

    /** The URL a request for {@code url} really goes to, after host overrides. */
    public URI effectiveUri(URI url) {
        HttpUrl parsed = HttpUrl.get(url);
        return HostOverrideInterceptor.rewrite(parsed, hostOverrides).uri();
    }

    /**
     * The throttle a download calls after each buffer: the global cap ({@code network.limit-rate}) and a
     * per-download cap.
     *
     * @param perDownloadLimitOrZero bytes per second for this download; 0 for the configured default
     *     ({@code network.limit-rate-per-download}, itself 0 for none)
     */
    public Throttle bandwidth(long perDownloadLimitOrZero) {
        if (perDownloadLimitOrZero < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + perDownloadLimitOrZero);
        }
        long own = perDownloadLimitOrZero > 0 ? perDownloadLimitOrZero : perDownloadBandwidth;
        if (own == 0) {
            return globalBandwidth.unlimited() ? Throttle.UNLIMITED : globalBandwidth;
        }
        BandwidthLimiter mine = new BandwidthLimiter(own);
        if (globalBandwidth.unlimited()) {
            return mine;
        }
        return bytes -> {
            mine.acquire(bytes);
            globalBandwidth.acquire(bytes);
        };
    }

    /** The retry rules downloaders share with the extractor calls. */
    public RetryPolicies retryPolicies() {
        return retryPolicies;
    }

    /**
     * Imports a Netscape cookies.txt into the platform's jar (and its stored copy), replacing cookies with
     * the same name, domain and path.
     *
     * @return how many cookies were read
     * @throws org.andalus.downloader.core.DownloadException for a malformed file, naming the line
     */
    public int importCookies(String platform, Reader cookiesTxt) {
        List<Cookie> cookies = CookiesTxt.parse(requireNonNull(cookiesTxt, "cookiesTxt is null"));
        jar(requirePlatform(platform)).add(cookies);
        LOG.log(System.Logger.Level.INFO, "imported {0} cookies for {1}", cookies.size(), platform);
        return cookies.size();
    }

    /** Writes the platform's live cookies as a cookies.txt. */
    public void exportCookies(String platform, Writer out) {
        CookiesTxt.write(jar(requirePlatform(platform)).all(), out);
    }

    /** How many live cookies the platform's jar holds. */
    public int cookieCount(String platform) {
        return jar(requirePlatform(platform)).all().size();
    }

    /** Empties the platform's jar and its stored copy. */
    public void clearCookies(String platform) {
        jar(requirePlatform(platform)).clear();
    }

    /** The thumbnail disk cache under {@code storage.data-dir}/thumbnails. */
    public ThumbnailCache thumbnails() {
        ThumbnailCache t = thumbnails;
        if (t == null) {
            synchronized (this) {
                if (thumbnails == null) {
                    thumbnails = new ThumbnailCache(this, config.path("storage.data-dir").resolve("thumbnails"),
                            config.bytes("network.thumbnail-cache-size"));
                }
                t = thumbnails;
            }
        }
        return t;
    }

    OkHttpClient client() {
        return client;
    }

    NetworkMetrics metrics() {
        return metrics;
    }

    UserAgents userAgents() {
        return userAgents;
    }

    ApiCache apiCache() {
        return apiCache;
    }

    AdaptiveThrottle throttle(String platform) {
        return throttles.computeIfAbsent(platform, p -> new AdaptiveThrottle(
                platformValue(p, "rate").map(v -> RequestRate.parse(key(p, "rate"), v).interval())
                        .orElse(Duration.ZERO), throttleStep));
    }

    AdaptiveThrottle hostPacer(String host) {
        return hostPacers.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new AdaptiveThrottle(
                config.get("network.host." + h + ".rate")
                        .map(v -> RequestRate.parse("network.host." + h + ".rate", v).interval())
                        .orElse(Duration.ZERO), Duration.ZERO));
    }

    Semaphore platformConnections(String platform) {
        return platformSlots.computeIfAbsent(platform, p -> slots(key(p, "max-connections"),
                platformValue(p, "max-connections"))).orElse(null);
    }

    Semaphore hostConnections(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return hostSlots.computeIfAbsent(h, x -> {
            String key = "network.host." + x + ".max-connections";
            return slots(key, config.get(key).or(() -> config.get("network.max-connections-per-host")));
        }).orElse(null);
    }

    PlatformCookieJar jar(String platform) {
        return jars.computeIfAbsent(platform, p -> {
            PlatformCookieJar jar = new PlatformCookieJar(p, cookiePersistence);
            List<Cookie> fromFiles = new ArrayList<>(globalCookies);
            config.get(key(p, "cookies-file"))
                    .ifPresent(f -> fromFiles.addAll(readCookiesFile(key(p, "cookies-file"), Path.of(f))));
            if (!fromFiles.isEmpty()) {
                jar.add(fromFiles);
            }
            return jar;
        });
    }

    void proxyFailed(String platform, ProxySpec proxy) {
        proxies(platform).failed(proxy);
    }

    ProxyPool proxies(String platform) {
        return platformProxies.computeIfAbsent(platform, p -> proxyPool(
                "network.platform." + p, config.get(key(p, "proxy-pool")), config.get(key(p, "proxy")))
                .orElse(globalProxies));
    }

    OkHttpClient clientFor(Optional<ProxySpec> proxy) {
        return proxyClients.computeIfAbsent(proxy, p -> {
            OkHttpClient.Builder b = client.newBuilder();
            if (p.isEmpty()) {
                return client;
            }
            ProxySpec spec = p.get();
            if (spec.type() == ProxySpec.Type.SOCKS5) {
                Socks5SocketFactory socks = new Socks5SocketFactory(spec);
                b.proxy(Proxy.NO_PROXY).socketFactory(socks).dns(socks.dns());
            } else {
                b.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(spec.host(), spec.port())));
                if (spec.hasCredentials()) {
                    String credentials = Credentials.basic(spec.username().orElseThrow(),
                            spec.password().orElse(""), StandardCharsets.UTF_8);
                    b.proxyAuthenticator((route, response) ->
                            response.request().header("Proxy-Authorization") != null ? null
                                    : response.request().newBuilder().header("Proxy-Authorization", credentials)
                                            .build());
                }
            }
            return b.build();
        });
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Optional<String> platformValue(String platform, String name) {
        return config.get(key(platform, name)).or(() -> switch (name) {
            case "rate" -> config.get("network.rate");
            case "max-connections" -> config.get("network.max-connections-per-platform");
            default -> Optional.empty();
        });
    }

    private static String key(String platform, String name) {
        return "network.platform." + platform + "." + name;
    }

    private static Optional<Semaphore> slots(String key, Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int n;
        try {
            n = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number of connections, got '" + value.get() + "'");
        }
        return n <= 0 ? Optional.empty() : Optional.of(new Semaphore(n, true));
    }

    private Optional<ProxyPool> proxyPool(String prefix, Optional<String> pool, Optional<String> single) {
        List<ProxySpec> proxies = new ArrayList<>();
        if (pool.isPresent()) {
            for (String url : pool.get().split("\\s*,\\s*")) {
                proxies.add(ProxySpec.parse(prefix + ".proxy-pool", url));
            }
        } else if (single.isPresent()) {
            if (single.get().equalsIgnoreCase("direct")) {
                return Optional.of(new ProxyPool(List.of(), ProxyPool.Rotation.ROUND_ROBIN));
            }
            proxies.add(ProxySpec.parse(prefix + ".proxy", single.get()));
        } else {
            return Optional.empty();
        }
        String rotationKey = prefix.equals("network") ? "network.proxy-rotation" : prefix + ".proxy-rotation";
        String rotation = config.get(rotationKey).or(() -> config.get("network.proxy-rotation"))
                .orElse("round-robin");
        ProxyPool.Rotation r = switch (rotation.toLowerCase(Locale.ROOT)) {
            case "round-robin" -> ProxyPool.Rotation.ROUND_ROBIN;
            case "on-failure" -> ProxyPool.Rotation.ON_FAILURE;
            default -> throw new ConfigException(rotationKey, "must be round-robin or on-failure, got '" + rotation + "'");
        };
        return Optional.of(new ProxyPool(proxies, r));
    }

    private static List<Cookie> readCookiesFile(String key, Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CookiesTxt.parse(r);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(key, "cannot read cookies file " + file + ": " + e.getMessage());
        }
    }

    private static List<String> userAgentList(Config config) {
        Optional<String> file = config.get("network.user-agents-file");
        if (file.isPresent()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file.get()), StandardCharsets.UTF_8).stream()
                        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                if (!lines.isEmpty()) {
                    return lines;
                }
                throw new ConfigException("network.user-agents-file", file.get() + " lists no user agent");
            } catch (IOException e) {
                throw new ConfigException("network.user-agents-file", "cannot read " + file.get() + ": " + e.getMessage());
            }
        }
        List<String> list = config.get("network.user-agents").map(UserAgents::split).orElse(List.of());
        return list.isEmpty() ? List.of(config.string("network.user-agent")) : list;
    }

    private static Map<String, String> platformAgents(Config config) {
        Map<String, String> out = new TreeMap<>();
        config.section("network.platform").forEach((k, v) -> {
            if (k.endsWith(".user-agent")) {
                out.put(k.substring(0, k.length() - ".user-agent".length()), v);
            }
        });
        return out;
    }

    private static String requirePlatform(String platform) {
        requireNonNull(platform, "platform is null");
        if (platform.isBlank()) {
            throw new IllegalArgumentException("platform is blank");
        }
        return platform;
    }

    private static Map<String, HttpUrl> parseOverrides(Map<String, String> section) {
        Map<String, HttpUrl> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        section.forEach((host, base) -> {
            HttpUrl url = HttpUrl.parse(base);
            if (url == null) {
                throw new ConfigException("network.host-override." + host,
                        "must be a base URL like http://127.0.0.1:9000, got '" + base + "'");
            }
            out.put(host, url);
        });
        return out;
    }
}
