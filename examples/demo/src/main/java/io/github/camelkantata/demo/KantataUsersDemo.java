package io.github.camelkantata.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs every kantata-users operation from Java DSL routes. Without KANTATA_TOKEN it starts the embedded sandbox and
 * runs all of them, writes included; with KANTATA_TOKEN set it runs only the read-only ones against the real Kantata OX
 * API.
 */
public final class KantataUsersDemo {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };

    private KantataUsersDemo() {
    }

    public static void main(String[] args) throws Exception {
        String token = System.getenv("KANTATA_TOKEN");
        boolean real = token != null && !token.isBlank();
        KantataSandbox sandbox = real ? null : KantataSandbox.builder().users(520).start();
        try (CamelContext camel = new DefaultCamelContext()) {
            KantataUsersComponent kantata = new KantataUsersComponent();
            kantata.getConfiguration().setAccessToken(real ? token : sandbox.token());
            if (!real) {
                kantata.getConfiguration().setBaseUrl(sandbox.baseUrl());
            }
            camel.addComponent("kantata-users", kantata);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:list").to("kantata-users:list?onMyAccount=true&include=manager");
                    from("direct:me").to("kantata-users:me");
                    from("direct:get").to("kantata-users:get?include=role,skills");
                    from("direct:update").to("kantata-users:update");
                    from("direct:capacity").to("kantata-users:capacity");
                    from("direct:photo").to("kantata-users:photo");
                    from("direct:photo-reset").to("kantata-users:photo?photoAction=reset");
                }
            });
            camel.start();
            ProducerTemplate t = camel.createProducerTemplate();
            System.out.println("kantata-users demo against "
                               + (real ? "the real Kantata OX API (read-only)" : "the embedded sandbox " + sandbox.baseUrl()));

            Exchange list = t.request("direct:list", e -> {
            });
            rethrow(list);
            List<?> users = list.getMessage().getBody(List.class);
            System.out.printf("list      %d users on the account, fetched in %s page(s) of 200%n", users.size(),
                    list.getMessage().getHeader(KantataUsersConstants.PAGE_COUNT));
            users.stream().limit(3).forEach(u -> System.out.printf("            %s (manager: %s)%n", ((User) u).getFullName(),
                    ((User) u).getManager() == null ? "-" : ((User) u).getManager().getFullName()));

            User me = t.requestBody("direct:me", null, User.class);
            System.out.printf("me        %s <%s> id %s%n", me.getFullName(), me.getEmailAddress(), me.getId());

            String someone = real ? me.getId() : ((User) users.get(users.size() / 2)).getId();
            User user = t.requestBodyAndHeader("direct:get", null, KantataUsersConstants.USER_ID, someone, User.class);
            System.out.printf("get       %s: %s, role %s, %d skill(s)%n", user.getId(), user.getFullName(),
                    user.getRole() == null ? "-" : user.getRole().getName(), user.getSkills().size());

            LocalDate monday = LocalDate.now().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            Capacity capacity = t.requestBodyAndHeaders("direct:capacity", null, Map.of(KantataUsersConstants.USER_ID, someone,
                    KantataUsersConstants.START_DATE, monday, KantataUsersConstants.END_DATE, monday.plusDays(6)),
                    Capacity.class);
            System.out.printf("capacity  %s..%s: %.1f hours %s%n", capacity.getStartDate(), capacity.getEndDate(),
                    capacity.getTotalHours(), capacity.getHours().values());

            if (real) {
                System.out.println("update/photo skipped: they write, and KANTATA_TOKEN points at a real account");
            } else {
                User updated = t.requestBodyAndHeader("direct:update", Map.of("headline", "Synced by Camel"),
                        KantataUsersConstants.USER_ID, someone, User.class);
                System.out.printf("update    %s headline is now '%s'%n", updated.getId(), updated.getHeadline());
                User withPhoto
                        = t.requestBodyAndHeader("direct:photo", PNG, KantataUsersConstants.USER_ID, someone, User.class);
                System.out.printf("photo     uploaded, photo_path %s%n", withPhoto.getPhotoPath());
                Exchange reset = t.request("direct:photo-reset",
                        e -> e.getMessage().setHeader(KantataUsersConstants.USER_ID, someone));
                rethrow(reset);
                System.out.printf("photo     reset, HTTP %s, photo_path back to %s%n",
                        reset.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE),
                        sandbox.data().user(someone).photoPath());
                System.out.printf("sandbox   received %d requests%n", sandbox.requests().size());
            }
            System.out.println("demo OK");
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private static void rethrow(Exchange exchange) throws Exception {
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }
}
