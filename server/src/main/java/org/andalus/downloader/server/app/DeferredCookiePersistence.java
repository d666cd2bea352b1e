package org.andalus.downloader.server.app;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.andalus.downloader.core.db.Database;
import org.andalus.downloader.core.net.CookiePersistence;
import org.andalus.downloader.core.net.JdbcCookiePersistence;

import okhttp3.Cookie;

/**
 * The cookies table of a database that is still being opened: {@code Network} is built while the database
 * migrates, and only reads or writes cookies once a platform is used, by which time the engine has waited
 * for the database anyway.
 */
final class DeferredCookiePersistence implements CookiePersistence {
    private final CompletableFuture<Database> database;

    DeferredCookiePersistence(CompletableFuture<Database> database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public List<Cookie> load(String platform) {
        return stored().load(platform);
    }

    @Override
    public void save(String platform, List<Cookie> cookies) {
        stored().save(platform, cookies);
    }

    private CookiePersistence stored() {
        return new JdbcCookiePersistence(StartTask.await(database).dataSource());
    }
}
