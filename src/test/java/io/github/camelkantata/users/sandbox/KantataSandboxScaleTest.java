package io.github.camelkantata.users.sandbox;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.getJson;
import static io.github.camelkantata.users.sandbox.SandboxHttp.resultIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 100,000 users must page quickly: sorting happens once per data version, not per request. */
class KantataSandboxScaleTest {

    @Test
    void pagesThroughOneHundredThousandUsers() {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(100_000).start()) {
            JsonNode first = getJson(sandbox, "/users?on_my_account=true&per_page=200", 200);
            int count = first.get("count").asInt();
            int pages = first.get("meta").get("page_count").asInt();
            assertTrue(count > 80_000, "count " + count);
            long t0 = System.nanoTime();
            Set<String> seen = new HashSet<>();
            for (int page = 1; page <= pages; page++) {
                seen.addAll(resultIds(getJson(sandbox, "/users?on_my_account=true&per_page=200&page=" + page, 200)));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(count, seen.size());
            assertTrue(ms < 60_000, "paging " + pages + " pages took " + ms + " ms");
            System.out.println("paged " + pages + " pages of 200 in " + ms + " ms");
            sandbox.data().touch("5");
            long t1 = System.nanoTime();
            getJson(sandbox, "/users?per_page=200&page=300&include=manager,role", 200);
            long firstAfterChange = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(firstAfterChange < 5_000, "re-sort took " + firstAfterChange + " ms");
        }
    }
}
