package com.example.kantata;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * What a user's project does with camel-kantata-users, run on the Camel line of that project: a plain {@code file:}
 * route (the route that broke when our build line leaked onto the class path) that looks each file's user id up through
 * {@code kantata-users:get}, plus direct {@code list} and {@code me} calls, all against the embedded sandbox, with the
 * component configured by Camel Main properties only. Exits non-zero on any failed check.
 * <p>
 * System properties: {@code expected.camel.version} (the project's line), {@code expected.single.line} (true when the
 * project imports the Camel BOM: then every Camel jar must be at that line).
 */
public final class UserProjectCheck {

    private static final Pattern CAMEL_JAR = Pattern.compile("(camel-[a-z0-9-]+?)-(\\d+\\.\\d+\\.\\d+[^/]*?)\\.jar$");

    public static void main(String[] args) throws Exception {
        String expected = System.getProperty("expected.camel.version");
        boolean singleLine = Boolean.getBoolean("expected.single.line");
        try {
            run(expected, singleLine);
        } catch (Throwable t) {
            System.err.println("USER PROJECT CHECK FAILED: " + t);
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("USER PROJECT CHECK PASSED on Camel " + expected);
        System.exit(0);
    }

    static void run(String expected, boolean singleLine) throws Exception {
        // 1. the class path: which Camel jars, at which versions
        Map<String, String> camel = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = CAMEL_JAR.matcher(new File(entry).getName());
            if (m.find() && !m.group(1).equals("camel-kantata-users")) {
                camel.put(m.group(1), m.group(2));
            }
        }
        System.out.println("Camel jars on the class path: " + camel);
        check(camel.containsKey("camel-http-base"), "camel-http-base is on the class path");
        // modules camel-kantata-users used to bring and does not use (camel-cluster is on the class path here, but
        // through the project's own camel-file, at the project's line)
        for (String forbidden : List.of("camel-http", "camel-http-common", "camel-attachments", "camel-jackson")) {
            check(!camel.containsKey(forbidden), forbidden + " is not brought in by camel-kantata-users");
        }
        camel.forEach((jar, version) -> {
            if (singleLine || !jar.equals("camel-http-base")) {
                check(version.equals(expected), jar + " is at the project's line " + expected + " (found " + version + ")");
            }
        });

        // 2. routes: a file consumer and kantata-users calls side by side
        Path work = Files.createTempDirectory("kantata-user-project");
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        try (KantataSandbox sandbox = KantataSandbox.start()) {
            Main main = new Main();
            main.addInitialProperty("camel.component.kantata-users.access-token", sandbox.token());
            main.addInitialProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    // each file holds a user id; the user's full name is written to out/<same name>
                    from("file:" + in + "?initialDelay=0&delay=50").routeId("ids-from-files")
                            .process(e -> e.getMessage().setHeader(KantataUsersConstants.USER_ID,
                                    e.getMessage().getBody(String.class).trim()))
                            .to("kantata-users:get")
                            .process(e -> e.getMessage().setBody(e.getMessage().getBody(User.class).getFullName()))
                            .to("file:" + out);
                }
            });
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                check(expected.equals(context.getVersion()), "the route runs on Camel " + expected + " (found "
                                                             + context.getVersion() + ")");
                Files.writeString(in.resolve("user-7.txt"), "7\n");
                Files.writeString(in.resolve("user-12.txt"), "12\n");
                for (String id : List.of("7", "12")) {
                    Path result = out.resolve("user-" + id + ".txt");
                    long deadline = System.currentTimeMillis() + 20_000;
                    while (!Files.exists(result) && System.currentTimeMillis() < deadline) {
                        Thread.sleep(50);
                    }
                    check(Files.exists(result), "the file route wrote " + result);
                    Thread.sleep(100); // the file producer writes, then closes
                    String name = Files.readString(result, StandardCharsets.UTF_8);
                    check(name.equals(sandbox.data().user(id).fullName()),
                            "file route: user " + id + " is " + sandbox.data().user(id).fullName() + " (got " + name + ")");
                    System.out.println("file route: user " + id + " -> " + name);
                }

                ProducerTemplate template = context.createProducerTemplate();
                List<?> page = template.requestBody("kantata-users:list?page=1&perPage=5", null, List.class);
                check(page.size() == 5 && page.get(0) instanceof User, "list returns 5 users (got " + page + ")");
                User me = template.requestBody("kantata-users:me", null, User.class);
                check(sandbox.data().meId().equals(me.getId()), "me is " + sandbox.data().meId());
                check(("Bearer " + sandbox.token()).equals(sandbox.requests().get(0).header("Authorization")),
                        "the token from the properties reached the API");
                try {
                    // an endpoint of its own: one that differs from an earlier one only by its token is equal() to
                    // it and would reuse that endpoint's producer (reported separately)
                    template.requestBody("kantata-users:get?userId=3&accessToken=wrong", null, User.class);
                    check(false, "a wrong token fails");
                } catch (CamelExecutionException e) {
                    check(e.getCause() instanceof KantataAuthenticationException,
                            "a wrong token gives KantataAuthenticationException (got " + e.getCause() + ")");
                }
                System.out.println("kantata-users: list returned " + page.size() + " users, me is " + me.getFullName()
                                   + ", a wrong token gives " + KantataAuthenticationException.class.getSimpleName());
            } finally {
                main.stop();
            }
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
