package org.andalus.downloader.core.engine;

import static org.andalus.downloader.core.engine.EngineFixture.await;
import static org.andalus.downloader.core.engine.EngineFixture.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.event.Event;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.NewDownload;
import org.andalus.downloader.core.queue.QueueUpdate;
import org.andalus.downloader.core.queue.TaskQuery;
import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.spi.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadManagerTest {
    @TempDir
    Path dir;

    @Test
    void aDownloadRunsToCompletionWithEventsArchiveAndMetrics() throws IOException {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.start();
            DownloadTask added = engine.manager.add(NewDownload.of(url("video/abc")));
            assertThat(added.status()).isEqualTo(TaskStatus.PENDING);

            DownloadTask done = engine.awaitStatus(added.id(), TaskStatus.COMPLETED);
            Path file = engine.downloads().resolve("Title abc [abc].mp4");
            assertThat(done.filePath()).contains(file.toString());
            assertThat(file).exists().hasSize(FakeSite.SIZE);
            assertThat(Files.readString(file)).matches("a+");
            assertThat(Path.of(file + ".part")).doesNotExist();
            assertThat(done.title()).contains("Title abc");
            assertThat(done.platform()).contains("fake");
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.bytesDone()).isEqualTo(FakeSite.SIZE);
            assertThat(done.format()).contains("18");
            assertThat(done.completedAt()).isPresent();

            // the row is written before the event is published: wait for the event
            await(() -> engine.seen.stream().anyMatch(e -> e instanceof Event.StateChanged state
                    && state.taskId() == added.id() && state.status() == TaskStatus.COMPLETED), () -> "the completed event");
            assertThat(engine.seen).anySatisfy(e -> assertThat(e).isInstanceOf(Event.QueueChanged.class));
            assertThat(engine.seen).filteredOn(Event.StateChanged.class::isInstance)
                    .extracting(e -> ((Event.StateChanged) e).status())
                    .containsSubsequence(TaskStatus.DOWNLOADING, TaskStatus.COMPLETED);
            assertThat(engine.seen).filteredOn(Event.Progress.class::isInstance)
                    .extracting(e -> ((Event.Progress) e).bytesDone()).contains((long) FakeSite.SIZE);
            assertThat(engine.meters.get("andalus.downloads.finished").tag("platform", "fake")
                    .tag("status", "completed").counter().count()).isEqualTo(1.0);
            assertThat(engine.meters.get("andalus.bytes.downloaded").tag("platform", "fake").counter().count())
                    .isEqualTo(FakeSite.SIZE);
            await(() -> engine.meters.get("andalus.downloads").tag("status", "completed").gauge().value() == 1.0,
                    () -> "the completed gauge");
        }
    }

    @Test
    void theSchedulerHonoursPriorityAndMaxConcurrent() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            for (String id : List.of("first", "low", "mid", "high")) {
                engine.downloader.gate(id);
            }
            engine.start();
            long first = engine.manager.add(NewDownload.of(url("video/first"))).id();
            assertThat(engine.downloader.awaitHalfway("first")).isTrue();
            engine.manager.add(priority(url("video/low"), -10));
            engine.manager.add(priority(url("video/mid"), 0));
            engine.manager.add(priority(url("video/high"), 50));
            assertThat(engine.manager.queue().active()).containsExactly(first);
            assertThat(engine.manager.queue().pending()).hasSize(3);
            assertThat(engine.manager.status().active()).isEqualTo(1);
            assertThat(engine.manager.status().queued()).isEqualTo(3);

            for (String id : List.of("first", "high", "mid", "low")) {
                if (!id.equals("first")) {
                    assertThat(engine.downloader.awaitHalfway(id)).isTrue();
                }
                engine.downloader.open(id);
            }
            await(() -> engine.manager.list(TaskQuery.all()).stream().allMatch(t -> t.status() == TaskStatus.COMPLETED),
                    () -> "every download to complete");
            assertThat(engine.downloader.started).containsExactly("first/18", "high/18", "mid/18", "low/18");
            assertThat(engine.downloader.maxInFlight.get()).isEqualTo(1);
        }
    }

    @Test
    void raisingMaxConcurrentStartsMoreAtOnce() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.downloader.gate("a");
            engine.downloader.gate("b");
            engine.start();
            long a = engine.manager.add(NewDownload.of(url("video/a"))).id();
            long b = engine.manager.add(NewDownload.of(url("video/b"))).id();
            assertThat(engine.downloader.awaitHalfway("a")).isTrue();
            assertThat(engine.manager.find(b).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);

            engine.manager.updateQueue(new QueueUpdate(OptionalInt.of(2), Optional.empty(), Map.of(), List.of()));
            assertThat(engine.downloader.awaitHalfway("b")).isTrue();
            assertThat(engine.manager.queue().maxConcurrent()).isEqualTo(2);
            assertThat(engine.settings.get("queue.max-concurrent").orElseThrow().value()).isEqualTo("2");
            engine.downloader.open("a");
            engine.downloader.open("b");
            engine.awaitStatus(a, TaskStatus.COMPLETED);
            engine.awaitStatus(b, TaskStatus.COMPLETED);
            assertThat(engine.downloader.maxInFlight.get()).isEqualTo(2);
        }
    }

    @Test
    void pausingTheQueueHoldsNewStartsUntilUnpaused() {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.start();
            engine.manager.updateQueue(new QueueUpdate(OptionalInt.empty(), Optional.of(true), Map.of(), List.of()));
            long id = engine.manager.add(NewDownload.of(url("video/q"))).id();
            assertThat(engine.manager.queue().paused()).isTrue();
            assertThat(engine.manager.find(id).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
            engine.manager.updateQueue(new QueueUpdate(OptionalInt.empty(), Optional.of(false), Map.of(), List.of()));
            engine.awaitStatus(id, TaskStatus.COMPLETED);
        }
    }

    @Test
    void pauseKeepsThePartFileAndResumeContinuesFromIt() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.downloader.gate("p");
            engine.start();
            long id = engine.manager.add(NewDownload.of(url("video/p"))).id();
            assertThat(engine.downloader.awaitHalfway("p")).isTrue();

            DownloadTask paused = engine.manager.pause(id);
            assertThat(paused.status()).isEqualTo(TaskStatus.PAUSED);
            Path part = Path.of(paused.filePath().orElseThrow() + ".part");
            assertThat(part).exists().hasSize(FakeSite.SIZE / 2);
            assertThat(engine.manager.pause(id).status()).isEqualTo(TaskStatus.PAUSED);

            engine.downloader.open("p");
            assertThat(engine.manager.resume(id).status()).isIn(TaskStatus.PENDING, TaskStatus.DOWNLOADING);
            DownloadTask done = engine.awaitStatus(id, TaskStatus.COMPLETED);
            assertThat(engine.downloader.resumedFrom).containsExactly(0L, (long) FakeSite.SIZE / 2);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(Path.of(done.filePath().orElseThrow())).hasSize(FakeSite.SIZE);
        }
    }

    @Test
    void cancelDeletesThePartFileAndRetryStartsAgain() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.downloader.gate("c");
            engine.start();
            long id = engine.manager.add(NewDownload.of(url("video/c"))).id();
            assertThat(engine.downloader.awaitHalfway("c")).isTrue();
            String file = engine.manager.find(id).orElseThrow().filePath().orElseThrow();

            DownloadTask canceled = engine.manager.cancel(id);
            assertThat(canceled.status()).isEqualTo(TaskStatus.CANCELED);
            assertThat(Path.of(file + ".part")).doesNotExist();
            assertThatThrownBy(() -> engine.manager.resume(id)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot resume download " + id + ": it is canceled");

            engine.downloader.open("c");
            assertThat(engine.manager.retry(id).status()).isIn(TaskStatus.PENDING, TaskStatus.DOWNLOADING);
            DownloadTask done = engine.awaitStatus(id, TaskStatus.COMPLETED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(engine.downloader.resumedFrom).containsExactly(0L, 0L);

            assertThatThrownBy(() -> engine.manager.cancel(id)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("completed");
            assertThatThrownBy(() -> engine.manager.retry(id)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only failed or canceled");
            assertThatThrownBy(() -> engine.manager.pause(id)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void deleteStopsARunningTaskAndRemovesItsRowAndFiles() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.downloader.gate("d");
            engine.start();
            long running = engine.manager.add(NewDownload.of(url("video/d"))).id();
            long finished = engine.manager.add(NewDownload.of(url("video/e"))).id();
            assertThat(engine.downloader.awaitHalfway("d")).isTrue();
            String partial = engine.manager.find(running).orElseThrow().filePath().orElseThrow();
            Path done = Path.of(engine.awaitStatus(finished, TaskStatus.COMPLETED).filePath().orElseThrow());

            engine.manager.delete(running, true);
            assertThat(engine.manager.find(running)).isEmpty();
            assertThat(Path.of(partial + ".part")).doesNotExist();

            engine.manager.delete(finished, false);
            assertThat(done).exists();
            long again = engine.manager.add(NewDownload.of(url("video/f"))).id();
            Path second = Path.of(engine.awaitStatus(again, TaskStatus.COMPLETED).filePath().orElseThrow());
            engine.manager.delete(again, true);
            assertThat(second).doesNotExist();
        }
    }

    @Test
    void unknownIdsAreNotFoundAndBadArgumentsRejected() {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.start();
            for (Runnable call : List.<Runnable>of(() -> engine.manager.pause(42), () -> engine.manager.resume(42),
                    () -> engine.manager.cancel(42), () -> engine.manager.retry(42),
                    () -> engine.manager.delete(42, false), () -> engine.manager.setPriority(42, 1))) {
                assertThatThrownBy(call::run).isInstanceOf(DownloadException.class)
                        .hasMessage("no download with id 42")
                        .satisfies(e -> assertThat(((DownloadException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            }
            assertThatThrownBy(() -> engine.manager.add(NewDownload.of(URI.create("https://elsewhere.test/x"))))
                    .isInstanceOf(DownloadException.class)
                    .satisfies(e -> assertThat(((DownloadException) e).errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_URL));
            assertThatThrownBy(() -> engine.manager.add(new NewDownload(url("video/x"), 0, Optional.empty(),
                    Optional.empty(), Map.of("output_template", "{nope}"), OptionalLong.empty(), Optional.empty())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{nope}");
            long id = engine.manager.add(NewDownload.of(url("video/y"))).id();
            assertThatThrownBy(() -> engine.manager.setPriority(id, 101)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anInterruptedDownloadResumesAfterARestart() throws InterruptedException {
        FakeDownloader downloader = new FakeDownloader();
        downloader.gate("r");
        long id;
        try (EngineFixture engine = new EngineFixture(dir, 1, new FakeSite(), downloader)) {
            engine.start();
            id = engine.manager.add(NewDownload.of(url("video/r"))).id();
            assertThat(downloader.awaitHalfway("r")).isTrue();
        }
        downloader.open("r");
        try (EngineFixture engine = new EngineFixture(dir, 1, new FakeSite(), downloader)) {
            DownloadTask before = engine.manager.find(id).orElseThrow();
            assertThat(before.status()).isEqualTo(TaskStatus.PENDING);
            assertThat(Path.of(before.filePath().orElseThrow() + ".part")).hasSize(FakeSite.SIZE / 2);
            engine.start();
            DownloadTask done = engine.awaitStatus(id, TaskStatus.COMPLETED);
            assertThat(downloader.resumedFrom).containsExactly(0L, (long) FakeSite.SIZE / 2);
            assertThat(done.filePath()).isEqualTo(before.filePath());
            assertThat(Path.of(done.filePath().orElseThrow())).hasSize(FakeSite.SIZE);
        }
    }

    @Test
    void aTaskLeftDownloadingByACrashIsRecoveredOnStart() {
        long id;
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            // not started: the row is marked downloading as a worker would, then the process "dies"
            id = engine.manager.add(NewDownload.of(url("video/k"))).id();
            engine.manager.store().start(id);
        }
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            assertThat(engine.manager.find(id).orElseThrow().status()).isEqualTo(TaskStatus.DOWNLOADING);
            engine.start();
            assertThat(engine.awaitStatus(id, TaskStatus.COMPLETED).attempts()).isEqualTo(2);
        }
    }

    @Test
    void aPlaylistExpandsIntoChildTasks() {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.start();
            long parent = engine.manager.add(new NewDownload(url("list/3"), 5, Optional.empty(), Optional.of("720p"),
                    Map.of("k", "v"), OptionalLong.empty(), Optional.empty())).id();
            DownloadTask list = engine.awaitStatus(parent, TaskStatus.COMPLETED);
            assertThat(list.title()).contains("Fake list");
            assertThat(list.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("3 downloads"));
            List<DownloadTask> children = engine.manager.list(TaskQuery.all()).stream()
                    .filter(t -> t.parentId().isPresent()).toList();
            assertThat(children).hasSize(3).allSatisfy(child -> {
                assertThat(child.parentId()).hasValue(parent);
                assertThat(child.priority()).isEqualTo(5);
                assertThat(child.quality()).contains("720p");
                assertThat(child.options()).containsEntry("k", "v");
            });
            assertThat(children).extracting(t -> t.playlistIndex().orElseThrow()).containsExactlyInAnyOrder(1, 2, 3);
            for (DownloadTask child : children) {
                engine.awaitStatus(child.id(), TaskStatus.COMPLETED);
            }
            assertThat(engine.downloads().resolve("Title l2 [l2].mp4")).exists();
        }
    }

    @Test
    void mediaAlreadyInTheArchiveIsSkipped() {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.start();
            long first = engine.manager.add(NewDownload.of(url("video/z"))).id();
            String file = engine.awaitStatus(first, TaskStatus.COMPLETED).filePath().orElseThrow();
            long second = engine.manager.add(NewDownload.of(url("video/z"))).id();
            DownloadTask skipped = engine.awaitStatus(second, TaskStatus.COMPLETED);
            assertThat(skipped.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("archive"));
            assertThat(skipped.filePath()).contains(file);
            assertThat(engine.downloader.started).containsExactly("z/18");

            engine.settings.put(Map.of("queue.archive-enabled", "false"));
            long third = engine.manager.add(NewDownload.of(url("video/z"))).id();
            DownloadTask again = engine.awaitStatus(third, TaskStatus.COMPLETED);
            assertThat(again.filePath().orElseThrow()).endsWith("Title z [z] (1).mp4");
        }
    }

    @Test
    void failuresAreRecordedWithTheirCode() {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.start();
            long network = engine.manager.add(NewDownload.of(url("video/fail1"))).id();
            long privateVideo = engine.manager.add(NewDownload.of(url("private"))).id();

            DownloadTask failed = engine.awaitStatus(network, TaskStatus.FAILED);
            assertThat(failed.errorCode()).contains("NETWORK");
            assertThat(failed.errorMessage()).contains("connection reset by fake peer");
            assertThat(failed.speed()).isZero();
            DownloadTask denied = engine.awaitStatus(privateVideo, TaskStatus.FAILED);
            assertThat(denied.errorCode()).contains("PRIVATE");
            await(() -> engine.seen.stream().anyMatch(e -> e instanceof Event.Error error && error.taskId() == network),
                    () -> "the error event");
            assertThat(engine.seen).filteredOn(Event.Error.class::isInstance).map(e -> (Event.Error) e)
                    .anySatisfy(e -> {
                        assertThat(e.taskId()).isEqualTo(network);
                        assertThat(e.code()).isEqualTo("NETWORK");
                        assertThat(e.willRetry()).isFalse();
                    });
            assertThat(engine.meters.get("andalus.downloads.finished").tag("status", "failed").counters())
                    .isNotEmpty();
            assertThat(engine.meters.get("andalus.extraction.failures").tag("platform", "fake")
                    .tag("code", "PRIVATE").counter().count()).isEqualTo(1.0);

            DownloadTask retried = engine.manager.retry(privateVideo);
            assertThat(retried.errorCode()).isEmpty();
            assertThat(engine.awaitStatus(privateVideo, TaskStatus.FAILED).attempts()).isEqualTo(2);
        }
    }

    @Test
    void aPluginBugEndsTheTaskAsInternalAndTheEngineKeepsGoing() {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.start();
            long buggy = engine.manager.add(NewDownload.of(url("npe"))).id();
            DownloadTask failed = engine.awaitStatus(buggy, TaskStatus.FAILED);
            assertThat(failed.errorCode()).contains("INTERNAL");
            assertThat(failed.errorMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("plugin fake").contains("NullPointerException").contains("oops"));
            assertThat(engine.meters.get("andalus.extraction.failures").tag("code", "INTERNAL").counter().count())
                    .isEqualTo(1.0);

            long fine = engine.manager.add(NewDownload.of(url("video/ok"))).id();
            engine.awaitStatus(fine, TaskStatus.COMPLETED);
        }
    }

    @Test
    void severalFormatsAreDownloadedSeparatelyAndMerged() throws IOException {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.start();
            long id = engine.manager.add(NewDownload.of(url("av/m"))).id();
            DownloadTask done = engine.awaitStatus(id, TaskStatus.COMPLETED);
            Path file = Path.of(done.filePath().orElseThrow());
            assertThat(file.getFileName().toString()).isEqualTo("Title m [m].mp4");
            assertThat(file).hasSize(2L * FakeSite.SIZE);
            assertThat(done.format()).contains("137+140");
            assertThat(engine.downloader.started).containsExactly("m/137", "m/140");
            try (var siblings = Files.list(file.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("Title m [m].mp4");
            }
        }
    }

    @Test
    void aStreamableMergeDownloadsTheAudioBesideTheStreamedVideo() throws Exception {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.downloader.streams = true;
            engine.formats.streams = true;
            engine.downloader.gate("s");
            engine.start();
            long id = engine.manager.add(NewDownload.of(url("av/s"))).id();

            // the audio is held halfway, and the video has started all the same
            assertThat(engine.downloader.awaitHalfway("s")).isTrue();
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!engine.downloader.started.contains("s/137") && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(engine.downloader.started).containsExactlyInAnyOrder("s/140", "s/137");
            assertThat(engine.formats.streamedMerges).as("the merge waits for the audio file").hasValue(0);
            engine.downloader.open("s");

            DownloadTask done = engine.awaitStatus(id, TaskStatus.COMPLETED);
            Path file = Path.of(done.filePath().orElseThrow());
            assertThat(file).hasSize(2L * FakeSite.SIZE);
            assertThat(engine.formats.streamedMerges).hasValue(1);
            assertThat(engine.formats.fileSizesAtStart).containsExactly((long) FakeSite.SIZE);
            assertThat(engine.downloader.streamedParts).singleElement()
                    .satisfies(part -> assertThat(part.getFileName().toString()).contains(".f137."));
            try (var siblings = Files.list(file.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
            }
        }
    }

    @Test
    void cancellingAStreamedMergeWhileTheAudioDownloadsStartsNoMerge() throws Exception {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            engine.downloader.streams = true;
            engine.formats.streams = true;
            engine.downloader.gate("x");
            engine.start();
            long id = engine.manager.add(NewDownload.of(url("av/x"))).id();
            assertThat(engine.downloader.awaitHalfway("x")).isTrue();

            assertThat(engine.manager.cancel(id).status()).isEqualTo(TaskStatus.CANCELED);

            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (engine.downloader.inFlight.get() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(engine.downloader.inFlight).hasValue(0);
            assertThat(engine.formats.streamedMerges).hasValue(0);
            assertThat(engine.manager.find(id).orElseThrow().status()).isEqualTo(TaskStatus.CANCELED);
        }
    }

    @Test
    void anOrderBecomesDescendingPriorities() {
        try (EngineFixture engine = new EngineFixture(dir, 1)) {
            long a = engine.manager.add(NewDownload.of(url("video/a"))).id();
            long b = engine.manager.add(NewDownload.of(url("video/b"))).id();
            long c = engine.manager.add(NewDownload.of(url("video/c"))).id();
            var state = engine.manager.updateQueue(new QueueUpdate(OptionalInt.empty(), Optional.empty(), Map.of(),
                    List.of(c, a, b)));
            assertThat(state.pending()).containsExactly(c, a, b);
            assertThat(engine.manager.setPriority(b, 100).priority()).isEqualTo(100);
            assertThat(engine.manager.queue().pending()).containsExactly(b, c, a);
            assertThatThrownBy(() -> engine.manager.updateQueue(new QueueUpdate(OptionalInt.empty(), Optional.empty(),
                    Map.of(), List.of(a, a)))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void twoRunningDownloadsNeverShareAnOutputName() throws InterruptedException {
        try (EngineFixture engine = new EngineFixture(dir, 2)) {
            engine.downloader.gate("s1");
            engine.downloader.gate("s2");
            engine.start();
            Map<String, String> sameName = Map.of("output_template", "{platform}.{ext}");
            long one = engine.manager.add(new NewDownload(url("video/s1"), 0, Optional.empty(), Optional.empty(),
                    sameName, OptionalLong.empty(), Optional.empty())).id();
            long two = engine.manager.add(new NewDownload(url("video/s2"), 0, Optional.empty(), Optional.empty(),
                    sameName, OptionalLong.empty(), Optional.empty())).id();
            assertThat(engine.downloader.awaitHalfway("s1")).isTrue();
            assertThat(engine.downloader.awaitHalfway("s2")).isTrue();
            engine.downloader.open("s1");
            engine.downloader.open("s2");
            Path first = Path.of(engine.awaitStatus(one, TaskStatus.COMPLETED).filePath().orElseThrow());
            Path second = Path.of(engine.awaitStatus(two, TaskStatus.COMPLETED).filePath().orElseThrow());
            assertThat(List.of(first.getFileName().toString(), second.getFileName().toString()))
                    .containsExactlyInAnyOrder("fake.mp4", "fake (1).mp4");
            assertThat(first).hasSize(FakeSite.SIZE);
            assertThat(second).hasSize(FakeSite.SIZE);
        }
    }

    private static NewDownload priority(URI url, int priority) {
        return new NewDownload(url, priority, Optional.empty(), Optional.empty(), Map.of(), OptionalLong.empty(),
                Optional.empty());
    }
}
