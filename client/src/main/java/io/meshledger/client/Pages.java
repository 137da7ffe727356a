package io.meshledger.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily paged sequence: the next page is fetched only when the previous
 * one is used up. {@code C} is the cursor a page hands to the next request.
 */
final class Pages {
    private Pages() {
    }

    /**
     * One fetched page.
     *
     * @param items the page's items
     * @param next  the cursor of the following page, empty when this is the last
     */
    record Page<T, C>(List<T> items, Optional<C> next) {
        Page {
            items = List.copyOf(items);
        }
    }

    /** A stream over every item, starting with the page for {@code first}. */
    static <T, C> Stream<T> stream(C first, Function<C, Page<T, C>> fetch) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PageIterator<>(first, fetch),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private static final class PageIterator<T, C> implements Iterator<T> {
        private final Function<C, Page<T, C>> fetch;
        private Optional<C> cursor;
        private Iterator<T> current = List.<T>of().iterator();

        PageIterator(C first, Function<C, Page<T, C>> fetch) {
            this.fetch = fetch;
            this.cursor = Optional.of(first);
        }

        @Override
        public boolean hasNext() {
            // An empty page with a next cursor is followed, not taken for the end.
            while (!current.hasNext() && cursor.isPresent()) {
                Page<T, C> page = fetch.apply(cursor.get());
                if (page.items().isEmpty() && page.next().equals(cursor)) {
                    throw new IllegalStateException("a page returned no items and the same cursor " + cursor.get());
                }
                current = page.items().iterator();
                cursor = page.next();
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
