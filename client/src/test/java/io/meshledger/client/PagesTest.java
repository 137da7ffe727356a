package io.meshledger.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PagesTest {
    @Test
    void pagesAreFetchedOnlyAsTheStreamIsConsumedAndEmptyPagesWithACursorAreFollowed() {
        List<Integer> fetched = new ArrayList<>();
        var stream = Pages.stream(0, (Integer c) -> {
            fetched.add(c);
            return switch (c) {
                case 0 -> new Pages.Page<>(List.of("a", "b"), Optional.of(1));
                case 1 -> new Pages.Page<>(List.<String>of(), Optional.of(2));
                default -> new Pages.Page<>(List.of("c"), Optional.<Integer>empty());
            };
        });
        assertEquals(List.of(), fetched);
        assertEquals(List.of("a"), stream.limit(1).toList());
        assertEquals(List.of(0), fetched);
        assertEquals(List.of("a", "b", "c"), Pages.stream(0, (Integer c) -> switch (c) {
            case 0 -> new Pages.Page<>(List.of("a", "b"), Optional.of(1));
            case 1 -> new Pages.Page<>(List.<String>of(), Optional.of(2));
            default -> new Pages.Page<>(List.of("c"), Optional.<Integer>empty());
        }).toList());
    }

    @Test
    void aServerThatRepeatsAnEmptyPageWithTheSameCursorIsAnErrorNotAnEndlessLoop() {
        assertThrows(IllegalStateException.class,
                () -> Pages.stream(7, c -> new Pages.Page<String, Integer>(List.of(), Optional.of(7))).toList());
    }
}
