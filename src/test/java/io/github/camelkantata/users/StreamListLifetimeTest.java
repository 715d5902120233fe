package io.github.camelkantata.users;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelkantata.users.client.UserStream;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A StreamList belongs to whoever reads it, not to the exchange that produced it: it is read whole after
 * {@code requestBody} returned and from a wireTap, closes itself when left unread, and a closed one says why instead of
 * looking like the end of the list.
 */
class StreamListLifetimeTest {

    /** Large enough that a list is dozens of pages at 100 a page. */
    private static final int USERS = 10_000;
    private static final String LIST = "kantata-users:list?onMyAccount=true&outputType=StreamList&perPage=100";

    private static KantataSandbox sandbox;
    private static List<String> expected;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(USERS).start();
        expected = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .sorted((a, b) -> a.fullName().compareTo(b.fullName()) != 0
                        ? a.fullName().compareTo(b.fullName())
                        : Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())))
                .map(SandboxUser::id).collect(Collectors.toList());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        KantataUsersComponent component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(sandbox.token());
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        context.addComponent("kantata-users", component);
        context.start();
        template = context.createProducerTemplate();
        sandbox.clearRequests();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    private static List<RecordedRequest> listRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).collect(Collectors.toList());
    }

    private static int pages() {
        return (expected.size() + 99) / 100;
    }

    @Test
    void aStreamListReturnedToTheCallerIsReadToItsEnd() {
        assertTrue(pages() > 50, "a large account: " + pages() + " pages");
        UserStream users = template.requestBody(LIST, null, UserStream.class);
        assertNotNull(users);
        assertFalse(users.isClosed(), "the exchange completed, the stream is still the caller's");
        List<String> got = new ArrayList<>();
        while (users.hasNext()) {
            got.add(users.next().getId());
        }
        assertEquals(expected, got, "every user, in API order");
        assertFalse(users.hasNext(), "the end stays the end");
        assertEquals(0, users.pagesHeld());
        List<RecordedRequest> requests = listRequests();
        assertEquals(pages(), requests.size(), "each page once");
        Set<Integer> pageNumbers = requests.stream().map(r -> Integer.valueOf(r.queryParam("page")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, pages()).boxed().collect(Collectors.toSet()), pageNumbers);
        requests.forEach(r -> {
            assertEquals("GET", r.method());
            assertEquals("true", r.queryParam("on_my_account"));
            assertEquals("100", r.queryParam("per_page"));
        });
        users.close();
        assertFalse(users.hasNext(), "closed after its end: still simply the end");
    }

    @Test
    void aWireTapIntoAStreamingSplitGetsEveryUser() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:tap").to(LIST).wireTap("direct:split");
                from("direct:split").split(body()).streaming()
                        .process(e -> seen.add(e.getMessage().getBody(User.class).getId()))
                        .end()
                        .process(e -> done.countDown());
            }
        });
        template.sendBody("direct:tap", null);
        assertTrue(done.await(60, TimeUnit.SECONDS), "the split ended; seen " + seen.size());
        assertEquals(expected, new ArrayList<>(seen));
        assertEquals(pages(), listRequests().size(), "each page once");
    }

    @Test
    void anUnreadStreamListClosesItselfAfterItsIdleTimeoutAndRequestsNothingMore() throws Exception {
        UserStream users = template.requestBody(LIST + "&pageConcurrency=4&streamIdleTimeout=300", null, UserStream.class);
        awaitClosed(users);
        int requested = listRequests().size();
        assertTrue(requested <= 1 + 4, "page 1 and the window only: " + requested);
        assertEquals(0, users.pagesHeld(), "its pages were freed");
        Thread.sleep(1_000); // more than three idle timeouts: a stream still alive would have been read ahead or timed again
        assertEquals(requested, listRequests().size(), "no page requested after the idle close");
        IllegalStateException e = assertThrows(IllegalStateException.class, users::hasNext);
        assertTrue(e.getMessage().contains("streamIdleTimeout=300 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("after 0 of " + expected.size() + " users"), e.getMessage());
    }

    @Test
    void aStreamListPartlyReadThenLeftAloneAlsoClosesItself() throws Exception {
        UserStream users = template.requestBody(LIST + "&pageConcurrency=2&streamIdleTimeout=300", null, UserStream.class);
        for (int i = 0; i < 150; i++) {
            users.next();
        }
        awaitClosed(users);
        int requested = listRequests().size();
        Thread.sleep(1_000);
        assertEquals(requested, listRequests().size(), "no page requested after the idle close");
        IllegalStateException e = assertThrows(IllegalStateException.class, users::next);
        assertTrue(e.getMessage().contains("after 150 of"), e.getMessage());
    }

    @Test
    void readingAStreamListItsReaderClosedThrowsAndSaysWhy() {
        UserStream users = template.requestBody(LIST, null, UserStream.class);
        for (int i = 0; i < 10; i++) {
            users.next();
        }
        users.close();
        assertTrue(users.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, users::hasNext);
        assertTrue(e.getMessage().contains("closed by its reader"), e.getMessage());
        assertTrue(e.getMessage().contains("after 10 of " + expected.size() + " users"), e.getMessage());
        assertThrows(IllegalStateException.class, users::next);
        assertEquals(0, users.pagesHeld());
    }

    @Test
    void aStreamListIsClosedWhenTheComponentStops() {
        UserStream users = template.requestBody(LIST, null, UserStream.class);
        users.next();
        context.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, users::hasNext);
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertEquals(0, users.pagesHeld());
    }

    @Test
    void aCloseFromAnotherThreadEndsTheReaderWithTheReasonNeverWithAFalseEnd() throws Exception {
        ExecutorService readers = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 20; round++) {
                UserStream users = template.requestBody(LIST.replace("perPage=100", "perPage=20"), null, UserStream.class);
                CountDownLatch reading = new CountDownLatch(1);
                int closeAfter = 1 + round * 7;
                Future<Throwable> reader = readers.submit(() -> {
                    int n = 0;
                    try {
                        while (users.hasNext()) {
                            users.next();
                            if (++n == closeAfter) {
                                reading.countDown();
                            }
                        }
                        return new AssertionError("the list looked ended after " + n + " users");
                    } catch (Throwable t) {
                        return t;
                    }
                });
                assertTrue(reading.await(30, TimeUnit.SECONDS));
                users.close();
                Throwable t = reader.get(30, TimeUnit.SECONDS);
                assertInstanceOf(IllegalStateException.class, t, () -> "round " + closeAfter + ": " + t);
                assertTrue(t.getMessage().contains("closed by its reader"), t.getMessage());
                assertEquals(0, users.pagesHeld());
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void aBadIdleTimeoutIsRefusedBeforeAnyRequest() {
        Exception e = assertThrows(Exception.class, () -> template.requestBody(LIST + "&streamIdleTimeout=0", (Object) null));
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertTrue(cause.getMessage().contains("streamIdleTimeout"), cause.getMessage());
        assertEquals(0, listRequests().size());
    }

    private static void awaitClosed(UserStream users) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!users.isClosed() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(users.isClosed(), "closed by its idle timeout");
    }
}
