package org.andalus.downloader.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class QueueOrderTest {
    @Test
    void anOrderBecomesDescendingPrioritiesFromTheHighestListed() {
        Map<Long, Integer> current = Map.of(1L, 0, 2L, 5, 3L, 0);

        assertThat(QueueOrder.toPriorities(List.of(3L, 1L, 2L), id -> current.get(id)))
                .isEqualTo(Map.of(3L, 5, 1L, 4, 2L, 3));
    }

    @Test
    void theOrderStaysInsideThePriorityRange() {
        assertThat(QueueOrder.toPriorities(List.of(1L, 2L), id -> id == 1 ? 100 : -100))
                .isEqualTo(Map.of(1L, 100, 2L, 99));
        assertThat(QueueOrder.toPriorities(List.of(1L, 2L), id -> -100))
                .isEqualTo(Map.of(1L, -99, 2L, -100));
    }

    @Test
    void repeatedOrTooManyTasksAreRefused() {
        assertThatThrownBy(() -> QueueOrder.toPriorities(List.of(1L, 1L), id -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than once");
        List<Long> many = LongStream.rangeClosed(1, 202).boxed().toList();
        assertThatThrownBy(() -> QueueOrder.toPriorities(many, id -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 201");
        assertThatThrownBy(() -> QueueOrder.checkPriority(101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(QueueOrder.toPriorities(List.of(), id -> 0)).isEmpty();
    }
}
