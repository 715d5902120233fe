package io.github.camelkantata.users.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.client.UserStream;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order, completeness and memory behaviour of concurrent and streamed paging. Nothing here is timed: memory is checked
 * by counting pages requested and held, order by comparing with sequential paging and with the sandbox's own pages.
 */
class PagingCorrectnessTest {

    private static final int USERS = 2_000;
    private static final int PER_PAGE = 50;

    private static final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<UserStream>> READER
            = new java.util.concurrent.atomic.AtomicReference<>();

    /** Reads the StreamList of {@code uri} with {@code reader}, inside the route, before the exchange completes. */
    private static void readInRoute(String uri, java.util.function.Consumer<UserStream> reader) throws Exception {
        READER.set(reader);
        Exchange ex = template.send("direct:read", e -> e.getMessage().setHeader("uri", uri));
        if (ex.getException() != null) {
            throw ex.getException();
        }
    }

    private static KantataSandbox sandbox;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KantataSandbox.builder().users(USERS).start();
        context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("sandbox.baseUrl", sandbox.baseUrl());
        context.getPropertiesComponent().addInitialProperty("sandbox.token", sandbox.token());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split")
                        .to(uri("StreamList", 4))
                        .split(body()).streaming()
                        .process(e -> e.getContext().getRegistry().lookupByNameAndType("seen", List.class)
                                .add(e.getMessage().getBody(User.class).getId()))
                        .end();
                // read inside the route, before the exchange completes (a wireTap or a caller may read it later too)
                from("direct:read").toD("${header.uri}")
                        .process(e -> READER.get().accept(e.getMessage().getBody(UserStream.class)));
            }
        });
        context.getRegistry().bind("seen", java.util.Collections.synchronizedList(new ArrayList<String>()));
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static String uri(String outputType, int concurrency) {
        return "kantata-users:list?baseUrl={{sandbox.baseUrl}}&accessToken={{sandbox.token}}&perPage=" + PER_PAGE
               + "&pageConcurrency=" + concurrency + "&outputType=" + outputType;
    }

    private static List<String> ids(List<User> users) {
        return users.stream().map(User::getId).collect(Collectors.toList());
    }

    /** The API order, read page by page straight from the sandbox with a plain HTTP client. */
    private static List<String> sandboxOrder() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<String> ids = new ArrayList<>();
        for (int page = 1;; page++) {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    sandbox.baseUrl() + "/users?per_page=" + PER_PAGE + "&page=" + page))
                    .header("Authorization", "Bearer " + sandbox.token()).build();
            JsonNode root = mapper.readTree(http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode r : root.get("results")) {
                ids.add(r.get("id").asText());
            }
            if (page >= root.get("meta").get("page_count").asInt()) {
                return ids;
            }
        }
    }

    private static List<RecordedRequest> listRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).collect(Collectors.toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void concurrentListKeepsApiOrderAndCompleteness() throws Exception {
        List<String> expected = sandboxOrder();
        assertTrue(expected.size() > USERS / 2, "the sandbox lists " + expected.size() + " users");

        sandbox.clearRequests();
        List<User> sequential = template.requestBody(uri("List", 1), null, List.class);
        int sequentialRequests = listRequests().size();
        sandbox.clearRequests();
        Exchange concurrent = template.request(uri("List", 4), e -> {
        });
        List<User> parallel = concurrent.getMessage().getBody(List.class);

        assertEquals(expected, ids(sequential));
        assertEquals(expected, ids(parallel));
        assertEquals(expected.size(), parallel.stream().map(User::getId).distinct().count(), "no duplicates");
        int pages = (expected.size() + PER_PAGE - 1) / PER_PAGE;
        assertEquals(pages, sequentialRequests);
        List<RecordedRequest> requests = listRequests();
        assertEquals(pages, requests.size(), "each page requested exactly once");
        assertEquals(java.util.stream.IntStream.rangeClosed(1, pages).boxed().collect(Collectors.toSet()),
                requests.stream().map(r -> Integer.valueOf(r.queryParam("page"))).collect(Collectors.toSet()));
        assertEquals("1", requests.get(0).queryParam("page"), "page 1 goes first: it tells the page count");
        assertEquals(expected.size(), concurrent.getMessage().getHeader("CamelKantataUsersTotalCount", Integer.class));
    }

    @Test
    void streamListIsLazyAndBoundedAndInOrder() throws Exception {
        List<String> expected = sandboxOrder();
        int window = 4;
        sandbox.clearRequests();
        List<String> got = new ArrayList<>();
        UserStream[] read = new UserStream[1];
        readInRoute(uri("StreamList", window), stream -> {
            read[0] = stream;
            assertInstanceOf(UserStream.class, stream);
            // only page 1 and the prefetch window are asked for before the first user is read
            try {
                waitForRequests(1 + window);
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertEquals(1 + window, listRequests().size(), "page 1 plus the window, nothing more");
            int pageSize = PER_PAGE;
            while (stream.hasNext()) {
                got.add(stream.next().getId());
                if (got.size() % pageSize == 0) {
                    // never more than the window requested beyond the page being read
                    int requested = listRequests().size();
                    int pagesRead = got.size() / pageSize;
                    assertTrue(requested <= pagesRead + window + 1,
                            "requested " + requested + " pages after reading " + pagesRead);
                }
            }
        });
        UserStream stream = read[0];
        assertFalse(stream.hasNext());
        assertEquals(expected, got);
        assertTrue(stream.maxPagesHeld() <= window, "pages held " + stream.maxPagesHeld());
        assertTrue(stream.maxPagesHeld() >= 1, "prefetch happened");
        int pages = (expected.size() + PER_PAGE - 1) / PER_PAGE;
        assertEquals(pages, stream.pagesFetched());
        assertEquals(pages, listRequests().size(), "each page requested exactly once");
    }

    @Test
    @SuppressWarnings("unchecked")
    void splitStreamingOverStreamListEmitsEveryUserInOrder() throws Exception {
        List<String> expected = sandboxOrder();
        List<String> seen = context.getRegistry().lookupByNameAndType("seen", List.class);
        seen.clear();
        template.sendBody("direct:split", null);
        assertEquals(expected, new ArrayList<>(seen));
    }

    @Test
    void closingAStreamStopsFetching() throws Exception {
        sandbox.clearRequests();
        readInRoute(uri("StreamList", 2), stream -> {
            for (int i = 0; i < PER_PAGE + 1; i++) {
                stream.next();
            }
            stream.close();
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, stream::hasNext);
        });
        Thread.sleep(200);
        assertTrue(listRequests().size() <= 1 + 2 + 1, "requests after close: " + listRequests().size());
    }

    private static void waitForRequests(int n) throws InterruptedException {
        long until = System.currentTimeMillis() + 5_000;
        while (listRequests().size() < n && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
    }
}
