package io.github.camelkantata.users.hardening;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poll after the first scans its pages and reads whole only the users it emits. A changed user whose JSON cannot be
 * read must fail the poll as an unreadable page does (typed, nothing emitted, nothing committed), however well the rest
 * of the page scans; and an unchanged user is never held against the poll.
 */
class ConsumerScanTest extends HardeningSupport {

    private final AtomicReference<String> user2 = new AtomicReference<>("{\"id\":\"2\",\"full_name\":\"Two\"}");
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> pollErrors = new CopyOnWriteArrayList<>();

    private String page() {
        return "{\"count\":3,\"meta\":{\"count\":3,\"page_count\":1,\"page_number\":1,\"page_size\":200},"
               + "\"results\":[{\"key\":\"users\",\"id\":\"1\"},{\"key\":\"users\",\"id\":\"2\"},{\"key\":\"users\",\"id\":\"3\"}],"
               + "\"users\":{\"1\":{\"id\":\"1\",\"full_name\":\"One\",\"skill_ids\":[\"7\"]},\"2\":" + user2.get()
               + ",\"3\":{\"id\":\"3\",\"full_name\":\"Three\"}},\"skills\":{\"7\":{\"id\":\"7\",\"name\":\"Camel\"}}}";
    }

    private Runnable consumer() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 200, page());
            return true;
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?startScheduler=false&perPage=200").routeId("sync").process(e -> received.add(
                        e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE) + " "
                                                                                                                      + e.getMessage()
                                                                                                                              .getBody(
                                                                                                                                      User.class)
                                                                                                                              .getId()
                                                                                                                      + " "
                                                                                                                      + e.getMessage()
                                                                                                                              .getBody(
                                                                                                                                      User.class)
                                                                                                                              .getFullName()));
            }
        });
        ScheduledPollConsumer c = (ScheduledPollConsumer) context.getRoute("sync").getConsumer();
        c.setExceptionHandler(new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                pollErrors.add(exception);
            }
        });
        return c;
    }

    @Test
    void aChangedUserThatCannotBeReadFailsThePollTypedAndNothingIsCommitted() throws Exception {
        Runnable poll = consumer();
        poll.run();
        assertEquals(List.of("new 1 One", "new 2 Two", "new 3 Three"), received);
        received.clear();

        // user 2 changes into something the model cannot hold: a list of skill ids that is an object
        user2.set("{\"id\":\"2\",\"full_name\":\"Two changed\",\"skill_ids\":{\"bad\":1}}");
        poll.run();
        assertEquals(List.of(), received, "nothing emitted from a page that could not be read");
        assertEquals(1, pollErrors.size(), () -> String.valueOf(pollErrors));
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, pollErrors.get(0));
        assertTrue(e.getMessage().contains("the body is not valid JSON") && e.getMessage().contains("/users?"), e.getMessage());

        // fixed: the change comes now, and only it (users 1 and 3 were never taken for changed)
        user2.set("{\"id\":\"2\",\"full_name\":\"Two fixed\"}");
        poll.run();
        assertEquals(List.of("changed 2 Two fixed"), received);
        received.clear();
        poll.run();
        assertEquals(List.of(), received);
        assertEquals(1, pollErrors.size());
    }
}
