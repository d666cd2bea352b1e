package org.andalus.downloader.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.andalus.downloader.core.event.Event;

/**
 * The progress of a {@code get} as one bar, summed over its tasks: a playlist's entries download side by side
 * (up to the queue's {@code max_concurrent}), and drawing each task's own numbers in turn would make one bar
 * jump between them. The total is known once every task that reported knows its own.
 */
final class CombinedProgress {
    private record Task(long done, OptionalLong total, long speed) {}

    private final Map<Long, Task> tasks = new LinkedHashMap<>();

    /** Takes one task's progress event and draws the sums on {@code bar}. */
    void update(Event.Progress progress, ProgressBar bar) {
        tasks.put(progress.taskId(), new Task(progress.bytesDone(), progress.bytesTotal(), progress.speed()));
        if (tasks.size() == 1) {
            // One task: its own ETA, which the engine averages better than a sum could.
            bar.update(progress.bytesDone(), progress.bytesTotal(), progress.speed(), progress.etaSeconds());
            return;
        }
        long done = 0;
        long total = 0;
        long speed = 0;
        boolean totalKnown = true;
        for (Task task : tasks.values()) {
            done += task.done();
            speed += task.speed();
            if (task.total().isPresent()) {
                total += task.total().getAsLong();
            } else {
                totalKnown = false;
            }
        }
        OptionalLong sum = totalKnown ? OptionalLong.of(total) : OptionalLong.empty();
        OptionalLong eta = totalKnown && speed > 0 ? OptionalLong.of(Math.max(0, total - done) / speed)
                : OptionalLong.empty();
        bar.update(done, sum, speed, eta);
    }
}
