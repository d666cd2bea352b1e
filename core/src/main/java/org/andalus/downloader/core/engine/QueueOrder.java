package org.andalus.downloader.core.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToIntFunction;

import org.andalus.downloader.core.queue.NewDownload;

/**
 * Turns a requested queue order into priorities. The queue is ordered by priority then submission, so an
 * explicit order is stored as descending priorities rather than as a separate position column.
 */
final class QueueOrder {
    private QueueOrder() {
    }

    /**
     * @param order the tasks, first to run first
     * @param currentPriority the stored priority of a task (throws for an unknown one)
     */
    static Map<Long, Integer> toPriorities(List<Long> order, LongToIntFunction currentPriority) {
        if (order.isEmpty()) {
            return Map.of();
        }
        int span = NewDownload.MAX_PRIORITY - NewDownload.MIN_PRIORITY + 1;
        if (order.size() > span) {
            throw new IllegalArgumentException("order may list at most " + span + " tasks, got " + order.size());
        }
        if (order.stream().distinct().count() != order.size()) {
            throw new IllegalArgumentException("order lists a task more than once");
        }
        int top = Integer.MIN_VALUE;
        for (Long id : order) {
            top = Math.max(top, currentPriority.applyAsInt(id));
        }
        // keep the listed tasks in their priority band where possible, one step apart in the given order
        top = Math.max(top, NewDownload.MIN_PRIORITY + order.size() - 1);
        top = Math.min(top, NewDownload.MAX_PRIORITY);
        Map<Long, Integer> out = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            out.put(order.get(i), top - i);
        }
        return out;
    }

    static void checkPriority(int priority) {
        if (priority < NewDownload.MIN_PRIORITY || priority > NewDownload.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between " + NewDownload.MIN_PRIORITY + " and "
                    + NewDownload.MAX_PRIORITY + ", got " + priority);
        }
    }
}
