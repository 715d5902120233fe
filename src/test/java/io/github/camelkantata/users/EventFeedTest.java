package io.github.camelkantata.users;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.EventFeed;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Camel-free reader of GET /subscribed_events: the users a window of the feed names, over every page. */
class EventFeedTest extends SandboxTestSupport {

    @org.junit.jupiter.api.BeforeEach
    void emptyFeed() {
        sandbox.data().events().clear();
    }

    private KantataUsersClient client() {
        KantataUsersEndpoint endpoint = context.getEndpoint("kantata-users:list", KantataUsersEndpoint.class);
        return endpoint.getClient();
    }

    @Test
    void aWindowNamesEachChangedUserOnceOverEveryPage() {
        Instant cursor = Instant.now().minusSeconds(2);
        for (int i = 2; i < 260; i++) {
            sandbox.data().touch(Integer.toString(i));
        }
        sandbox.data().events().duplicateNext(1);
        sandbox.data().disable("300");
        sandbox.data().removeFromAccount("301");
        sandbox.clearRequests();

        ApiResult<EventFeed.Window> r
                = EventFeed.read(client(), cursor, Duration.ofMinutes(10), Instant.now().plusSeconds(1)).join();
        EventFeed.Window w = r.value();
        assertEquals(260, w.userIds().size(), "258 touched, one disabled, one removed");
        assertTrue(w.userIds().containsAll(Set.of("2", "259", "300", "301")));
        assertEquals(261, w.events(), "the duplicate is read, and yields no second id");
        assertEquals(2, w.pages());
        List<RecordedRequest> requests = apiRequests();
        assertEquals(2, requests.size());
        RecordedRequest first = requests.get(0);
        assertEquals("/api/v1/subscribed_events", first.path());
        assertEquals("created_at:asc", first.queryParam("order"));
        assertEquals("200", first.queryParam("per_page"));
        assertEquals("1", first.queryParam("page"));
        assertEquals(EventFeed.EVENT_TYPES, first.queryParam("event_types"));
        assertEquals(cursor.minus(Duration.ofMinutes(10)), Instant.parse(first.queryParam("created_after")), "the overlap");
        assertEquals("2", requests.get(1).queryParam("page"));
        assertEquals(first.queryParam("created_before"), requests.get(1).queryParam("created_before"), "a fixed upper bound");
    }

    @Test
    void aLateEventBehindTheCursorIsReadThanksToTheOverlap() {
        Instant cursor = Instant.now();
        sandbox.data().events().backdateNext(1, Duration.ofMinutes(3));
        sandbox.data().touch("12");
        Instant until = Instant.now().plusSeconds(1);
        assertEquals(Set.of(), EventFeed.read(client(), cursor, Duration.ZERO, until).join().value().userIds());
        assertEquals(Set.of("12"), EventFeed.read(client(), cursor, Duration.ofMinutes(5), until).join().value().userIds());
    }

    @Test
    void aTokenWithoutAccessGetsTheTypedForbidden() {
        sandbox.data().events().forbidden(true);
        try {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> EventFeed.read(client(), Instant.now(), Duration.ZERO, Instant.now()).join());
            assertInstanceOf(KantataForbiddenException.class, e.getCause());
        } finally {
            sandbox.data().events().forbidden(false);
        }
    }
}
