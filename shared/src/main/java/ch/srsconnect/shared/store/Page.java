package ch.srsconnect.shared.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items      the items of this page (may be fewer than asked when filters apply)
 * @param nextCursor opaque, URL-safe cursor for the next page; {@code null} when there is none
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
