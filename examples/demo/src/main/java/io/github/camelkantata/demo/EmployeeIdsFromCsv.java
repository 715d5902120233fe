package io.github.camelkantata.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Reads a CSV of employees (employee_id,name,email), finds each one in Kantata by e-mail address with one
 * {@code kantata-users:lookup} used as an {@code enrich} step (at most 200 addresses per API request, however long the
 * file), and writes the CSV again with a {@code kantata_id} column: empty for people Kantata does not know, and
 * {@code invalid} for e-mail addresses that are not addresses.
 * <p>
 * Usage: {@code scripts/lookup-example.sh [in.csv [out-folder]]}. Without KANTATA_TOKEN it runs against the embedded
 * sandbox (whose users the shipped employees.csv names); with it, against your account.
 */
public final class EmployeeIdsFromCsv {

    private EmployeeIdsFromCsv() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args.length > 0 ? args[0] : "examples/demo/employees.csv").toAbsolutePath();
        Path outDir = Path.of(args.length > 1 ? args[1] : "examples/demo/target/lookup").toAbsolutePath();
        String token = System.getenv("KANTATA_TOKEN");
        boolean real = token != null && !token.isBlank();
        KantataSandbox sandbox = real ? null : KantataSandbox.builder().users(25).start();
        CountDownLatch written = new CountDownLatch(1);
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
                    from("file:" + in.getParent() + "?fileName=" + in.getFileName() + "&noop=true")
                            .convertBodyTo(String.class)
                            // the addresses go in a header, so the lookup sends only them, whatever else the rows hold
                            .process(e -> e.getMessage().setHeader(KantataUsersConstants.EMAIL_ADDRESSES,
                                    column(e.getMessage().getBody(String.class), 2)))
                            .enrich("kantata-users:lookup?onMyAccount=true", (rows, lookup) -> {
                                if (lookup.getException() != null) {
                                    rows.setException(lookup.getException());
                                    return rows;
                                }
                                @SuppressWarnings("unchecked")
                                Map<String, User> found = lookup.getMessage().getBody(Map.class);
                                List<?> invalid = lookup.getMessage().getHeader(KantataUsersConstants.INVALID, List.class);
                                rows.getMessage().setBody(withIds(rows.getMessage().getBody(String.class), found, invalid));
                                List<?> notFound = lookup.getMessage().getHeader(KantataUsersConstants.NOT_FOUND, List.class);
                                rows.getMessage().setHeader("notFound", notFound);
                                rows.getMessage().setHeader("notFoundCount", notFound.size());
                                return rows;
                            })
                            .removeHeader(KantataUsersConstants.EMAIL_ADDRESSES)
                            .log("lookup    ${header.notFoundCount} not found in Kantata: ${header.notFound}")
                            .to("file:" + outDir + "?fileName=employees-with-kantata-ids.csv")
                            .process(e -> written.countDown());
                }
            });
            camel.start();
            System.out.println("lookup example against "
                               + (real ? "the real Kantata OX API" : "the embedded sandbox " + sandbox.baseUrl()));
            if (!written.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the CSV was not written within 60 s");
            }
            Path out = outDir.resolve("employees-with-kantata-ids.csv");
            System.out.println("lookup    wrote " + out);
            Files.readAllLines(out).forEach(line -> System.out.println("          " + line));
        } finally {
            if (sandbox != null) {
                System.out.printf("lookup    the sandbox received %d request(s): %s%n", sandbox.requests().size(),
                        sandbox.requests().stream().map(r -> r.method() + " " + r.path()).toList());
                sandbox.close();
            }
        }
        System.out.println("lookup example OK");
    }

    /** The values of one column of a simple CSV (no quoted commas), without its header. */
    static List<String> column(String csv, int index) {
        List<String> values = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length > index) {
                values.add(cells[index].trim());
            }
        }
        return values;
    }

    /** The CSV again, with a kantata_id column. */
    static String withIds(String csv, Map<String, User> found, List<?> invalid) {
        StringBuilder out = new StringBuilder();
        String[] lines = csv.split("\\R");
        out.append(lines[0]).append(",kantata_id\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String email = lines[i].split(",", -1)[2].trim();
            User user = found.get(email);
            out.append(lines[i]).append(',').append(user != null ? user.getId() : invalid.contains(email) ? "invalid" : "")
                    .append('\n');
        }
        return out.toString();
    }
}
