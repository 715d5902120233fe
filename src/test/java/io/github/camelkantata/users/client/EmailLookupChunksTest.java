package io.github.camelkantata.users.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a lookup splits its addresses: at most 200 per request, and never a value longer than its budget. */
class EmailLookupChunksTest {

    private static List<String> addresses(int n, String domain) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add("u" + i + "@" + domain);
        }
        return list;
    }

    @Test
    void twoHundredPerRequestWhenTheyFit() {
        List<String> chunks = EmailLookup.chunks(addresses(450, "x.io"), 100_000);
        assertEquals(List.of(200, 200, 50), chunks.stream().map(c -> c.split(",").length).toList());
        assertTrue(chunks.get(0).startsWith("u0%40x.io,u1%40x.io,"), chunks.get(0));
    }

    @Test
    void theBudgetSplitsSoonerAndOneAddressAlwaysGoes() {
        List<String> chunks = EmailLookup.chunks(addresses(100, "a-long-subsidiary-domain.example.com"), 500);
        int total = 0;
        for (String c : chunks) {
            assertTrue(c.length() <= 500, c.length() + " characters");
            total += c.split(",").length;
        }
        assertEquals(100, total);
        assertEquals(List.of("u0%40x.io"), EmailLookup.chunks(List.of("u0@x.io"), 1));
        assertEquals(List.of(), EmailLookup.chunks(List.of(), 10));
    }

    @Test
    void sameValueComparesAsTheApiStores() {
        assertTrue(UpdateDiff.sameValue(42, "42"));
        assertTrue(UpdateDiff.sameValue("42.0", 42));
        assertTrue(UpdateDiff.sameValue(null, ""));
        assertTrue(UpdateDiff.sameValue(Boolean.TRUE, "true"));
        assertTrue(!UpdateDiff.sameValue("Employee", "employee"));
        assertTrue(!UpdateDiff.sameValue("1", "2"));
        assertTrue(!UpdateDiff.sameValue(null, "x"));
    }
}
