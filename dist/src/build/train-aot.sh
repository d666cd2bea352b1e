#!/usr/bin/env bash
# Trains the launcher's AOT caches (Java 25+, JEP 483/514) for the distribution just assembled, so that
# `andalus get/info/plugins` and `andalus serve` start in about half the time. A cache only helps the JDK
# that made it; on another JDK the JVM ignores it. Best effort: a failure here leaves the distribution
# without caches, as if this step had not run, and never fails the build.
#
# A cache holds the classes its one training run loaded, so the runs do what users do: the one-shot cache
# is trained by a real `andalus get` of a page from a local HTTP server (page extraction, a playlist, the
# HTTP download, HLS and DASH fragments, ffmpeg's remux and merge, the queue's SQL, OkHttp's and Kotlin's
# classes, the printing of the result), the server's by `serve` answering a few API calls and downloading
# that page's videos. Without python3 or jwebserver to serve the file, `plugins`
# (the engine's start-up only) trains the one-shot cache as before.
set -u
dist="$1"
work="$2"
rm -rf "$work" && mkdir -p "$work/www"
rm -f "$dist"/lib/*.aot "$dist"/lib/*.aot.config

# On 127.0.0.1 (port chosen by the system): a page showing three videos, a 1 MiB file, an HLS stream and a
# DASH stream (aot-training/, 35 KB). The generic extractor makes a playlist of them, so one `get` trains
# page extraction, the HTTP download, the HLS remux and the DASH merge through ffmpeg.
head -c 1048576 /dev/zero > "$work/www/training.bin"
cp -R "$(dirname "$0")/aot-training/hls" "$(dirname "$0")/aot-training/dash" "$work/www/" 2>/dev/null || true
cat > "$work/www/training.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Andalus AOT training</title></head>
<body>
<video src="training.bin"></video>
<video src="hls/index.m3u8"></video>
<video src="dash/manifest.mpd"></video>
</body></html>
HTML
http_pid=""
http_port=""
start_http() {
    local jwebserver=""
    if command -v python3 >/dev/null 2>&1; then
        python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/http.log" 2>&1 &
        http_pid=$!
    else
        for jwebserver in "${JAVA_HOME:-/nonexistent}/bin/jwebserver" "$(command -v jwebserver 2>/dev/null)"; do
            [[ -x "$jwebserver" ]] && break
            jwebserver=""
        done
        [[ -n "$jwebserver" ]] || return 1
        "$jwebserver" -b 127.0.0.1 -p 0 -d "$work/www" >"$work/http.log" 2>&1 &
        http_pid=$!
    fi
    for _ in $(seq 1 100); do
        # python: "... port 41235 (http://...", jwebserver: "... on 127.0.0.1 port 41235"
        http_port="$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$work/http.log" 2>/dev/null | head -n 1)"
        [[ -n "$http_port" ]] && return 0
        kill -0 "$http_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
stop() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
trap 'stop "$http_pid"' EXIT

if start_http; then
    training_url="http://127.0.0.1:$http_port/training.html"
else
    echo "train-aot: no local HTTP server (python3 or jwebserver); training the one-shot cache with 'plugins'"
    training_url=""
fi

# One-shot commands.
if [[ -n "$training_url" ]]; then
    (cd "$work" && ANDALUS_AOT=create timeout 120 "$dist/bin/andalus" get "$training_url" \
        -o "$work/cli-{title}.{ext}" >"$work/cli.log" 2>&1) \
        || echo "train-aot: no cache for one-shot commands (see $work/cli.log)"
else
    ANDALUS_AOT=create timeout 120 "$dist/bin/andalus" plugins --data-dir "$work/cli" >"$work/cli.log" 2>&1 \
        || echo "train-aot: no cache for one-shot commands (see $work/cli.log)"
fi

# The server: start it on a free port, wait until it answers, let it serve a few calls (one download), stop
# it; the cache is written at exit.
ANDALUS_AOT=create "$dist/bin/andalus" serve --port 0 --data-dir "$work/serve" \
    --download-dir "$work/downloads" >"$work/serve.log" 2>&1 &
pid=$!
api=""
for _ in $(seq 1 120); do
    api="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log" 2>/dev/null | head -n 1)"
    [[ -n "$api" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
if [[ -n "$api" && -n "$training_url" ]] && command -v curl >/dev/null 2>&1; then
    api="${api%/}"
    curl -fsS -m 10 "$api/api/v1/status" >/dev/null 2>&1
    curl -fsS -m 10 "$api/api/v1/platforms" >/dev/null 2>&1
    curl -fsS -m 10 -H 'Content-Type: application/json' -d "{\"url\": \"$training_url\"}" \
        "$api/api/v1/downloads" >/dev/null 2>&1
    for _ in $(seq 1 50); do
        # the page's three videos, each its own task
        [[ "$(curl -fsS -m 10 "$api/api/v1/downloads?status=completed" 2>/dev/null | grep -o '"completed"' | wc -l)" -ge 3 ]] \
            && break
        sleep 0.2
    done
    curl -fsS -m 10 "$api/api/v1/downloads" >/dev/null 2>&1
    curl -fsS -m 10 "$api/metrics" >/dev/null 2>&1
fi
stop "$pid"
ls "$dist"/lib/*.aot 2>/dev/null || echo "train-aot: no AOT caches made (a JDK older than 25?)"
exit 0
