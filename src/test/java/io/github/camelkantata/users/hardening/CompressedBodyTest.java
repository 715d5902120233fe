package io.github.camelkantata.users.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import io.github.camelkantata.users.KantataLimitExceededException;
import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compressed 2xx bodies (gzip, deflate) are read by every operation and by the consumer: on the async path they are
 * handed on compressed and inflated under maxResponseBytes while they are parsed, on a worker, so neither an inflated
 * copy nor the inflating runs on the I/O thread. What goes wrong in them is typed: a bomb is a limit, corrupt bytes and
 * bad JSON are malformed, with an excerpt of the inflated text.
 */
class CompressedBodyTest extends HardeningSupport {

    static byte[] encode(String body, String encoding) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream z = "deflate".equals(encoding)
                ? new DeflaterOutputStream(b)
                : new java.util.zip.GZIPOutputStream(b)) {
            z.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static void respondEncoded(OutputStream out, byte[] body, String encoding) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + encoding
                   + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    /** Serves a page of users per {@code page}, compressed. */
    private void startPages(String encoding, int pages, int perPage) throws Exception {
        start((r, out) -> {
            int page = r.queryParam("page") == null ? 1 : Integer.parseInt(r.queryParam("page"));
            String[] ids = new String[perPage];
            for (int i = 0; i < perPage; i++) {
                ids[i] = String.valueOf((page - 1) * perPage + i + 1);
            }
            respondEncoded(out, encode(HostileServer.envelope(pages * perPage, pages, page, ids), encoding), encoding);
            return true;
        });
    }

    @Test
    void aGzipListOfEveryPageIsReadInOrder() throws Exception {
        startPages("gzip", 3, 50);
        Exchange ex = template.send("kantata-users:list?perPage=50", e -> {
        });
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        List<?> users = ex.getMessage().getBody(List.class);
        assertEquals(150, users.size());
        assertEquals("1", ((User) users.get(0)).getId());
        assertEquals("User 150", ((User) users.get(149)).getFullName());
        assertEquals("gzip, deflate", server.lastRequest().headers().get("accept-encoding"));
    }

    @Test
    void aDeflateUserIsRead() throws Exception {
        start((r, out) -> {
            respondEncoded(out, encode(HostileServer.envelope(1, 1, 1, "8"), "deflate"), "deflate");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=8", e -> {
        });
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertEquals("u8@example.com", ex.getMessage().getBody(User.class).getEmailAddress());
    }

    @Test
    void aGzipCapacityIsRead() throws Exception {
        String body
                = "{\"start_date\":\"2026-01-05\",\"end_date\":\"2026-01-06\",\"hours\":{\"2026-01-05\":8.0,\"2026-01-06\":6.5}}";
        start((r, out) -> {
            respondEncoded(out, encode(body, "gzip"), "gzip");
            return true;
        });
        Capacity c = template.requestBody("kantata-users:capacity?userId=3&startDate=2026-01-05&endDate=2026-01-06", null,
                Capacity.class);
        assertEquals(6.5, c.getHours().get(java.time.LocalDate.of(2026, 1, 6)));
    }

    @Test
    void theConsumerReadsGzipPagesAndEmitsEveryUser() throws Exception {
        startPages("gzip", 4, 25);
        MockEndpoint got = context.getEndpoint("mock:got", MockEndpoint.class);
        got.expectedMessageCount(100);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?perPage=25&initialDelay=0&delay=600000").routeId("sync").to("mock:got");
            }
        });
        got.assertIsSatisfied(30_000);
        List<String> ids = new ArrayList<>();
        for (Exchange e : got.getExchanges()) {
            ids.add(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class));
        }
        assertEquals(100, new java.util.HashSet<>(ids).size(), "each user once: " + ids);
        assertTrue(ids.contains("1") && ids.contains("100"), ids.toString());
    }

    @Test
    void badJsonInAGzipBodyIsMalformedWithAnExcerptOfTheInflatedText() throws Exception {
        start((r, out) -> {
            respondEncoded(out, encode("{\"results\":[{\"key\":\"users\",\"id\":\"5\"}],\"users\":{\"5\": [oops", "gzip"),
                    "gzip");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=5", e -> {
        });
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, ex.getException());
        assertTrue(e.getMessage().contains("[oops"), e.getMessage());
        assertTrue(e.getResponseBody().contains("\"users\""), e.getResponseBody());
    }

    @Test
    void corruptGzipBytesAreMalformed() throws Exception {
        byte[] corrupt = encode(HostileServer.envelope(1, 1, 1, "5"), "gzip");
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] ^= 0x5a;
        }
        start((r, out) -> {
            respondEncoded(out, corrupt, "gzip");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=5", e -> {
        });
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, ex.getException());
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void aGzipPageThatInflatesPastTheLimitIsALimitError() throws Exception {
        StringBuilder big = new StringBuilder(HostileServer.envelope(1, 1, 1, "5"));
        big.insert(1, "\"pad\":\"" + "x".repeat(3 << 20) + "\",");
        byte[] body = encode(big.toString(), "gzip");
        assertTrue(body.length < 1 << 20, "compressed under the limit: " + body.length);
        start((r, out) -> {
            respondEncoded(out, body, "gzip");
            return true;
        });
        Exchange ex = template.send("kantata-users:list?page=1&perPage=1&maxResponseBytes=1048576", e -> {
        });
        KantataLimitExceededException e = assertInstanceOf(KantataLimitExceededException.class, ex.getException());
        assertTrue(e.getMessage().contains("maxResponseBytes"), e.getMessage());
    }
}
