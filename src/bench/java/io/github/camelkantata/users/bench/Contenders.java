package io.github.camelkantata.users.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.KantataUsersComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The three contenders against one server: the component, raw HttpClient 5 + Jackson written by hand, and a camel-http
 * route with {@code unmarshal().json()}. The raw and camel-http list loops page sequentially, as people write them by
 * hand.
 */
final class Contenders implements AutoCloseable {

    static final int PER_PAGE = 200;

    final String baseUrl;
    final String token;
    final CamelContext context;
    final ProducerTemplate template;
    final CloseableHttpClient raw;
    final ObjectMapper mapper = new ObjectMapper();

    Contenders(String baseUrl, String token, int connections) throws Exception {
        this.baseUrl = baseUrl;
        this.token = token;
        context = new DefaultCamelContext();
        KantataUsersComponent component = new KantataUsersComponent();
        component.setMaxConnections(connections);
        context.addComponent("kantata-users", component);
        // the same component with completeOnIoThread=true (the route continues on the I/O thread: one hand-off less)
        KantataUsersComponent inline = new KantataUsersComponent();
        inline.setMaxConnections(connections);
        inline.setCompleteOnIoThread(true);
        context.addComponent("kantata-users-inline", inline);
        String httpUri = baseUrl.replaceFirst("^http:", "http:") + "/users";
        String pool = "connectionsPerRoute=" + connections + "&maxTotalConnections=" + connections;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:component-get").to(componentUri("get", "userId=1"));
                // synchronous=true: the call on the calling thread with the classic client, as camel-http makes it
                from("direct:component-sync-get").to(componentUri("get", "userId=1&synchronous=true"));
                from("direct:component-inline-get")
                        .to(componentUri("get", "userId=1").replaceFirst("^kantata-users:", "kantata-users-inline:"));
                // a StreamList is read inside its route, as users read it: since the hardening it is closed (its page
                // requests cancelled) when its exchange completes, so a caller that reads it after requestBody returns
                // reads nothing
                from("direct:component-stream").toD("${header.kantataUri}").process(e -> {
                    @SuppressWarnings("unchecked")
                    Consumer<Object> sink = e.getProperty("sink", Consumer.class);
                    java.util.Iterator<?> it = e.getMessage().getBody(java.util.Iterator.class);
                    int n = 0;
                    while (it.hasNext()) {
                        sink.accept(it.next());
                        n++;
                    }
                    e.getMessage().setBody(n);
                });
                from("direct:http-get")
                        .setHeader("Authorization", constant("Bearer " + token))
                        .setHeader("Accept", constant("application/json"))
                        .to(httpUri + "/1?" + pool)
                        .unmarshal().json();
                from("direct:http-list")
                        .setHeader("Authorization", constant("Bearer " + token))
                        .setHeader("Accept", constant("application/json"))
                        .to(httpUri + "?" + pool)
                        .unmarshal().json();
            }
        });
        context.start();
        template = context.createProducerTemplate();
        raw = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
                .build();
    }

    String componentUri(String operation, String options) {
        return "kantata-users:" + operation + "?baseUrl=" + baseUrl + "&accessToken=" + token
               + (options.isEmpty() ? "" : "&" + options);
    }

    // ------------------------------------------------------------------ get

    Object componentGet() {
        return template.requestBody("direct:component-get", (Object) null);
    }

    Object componentSyncGet() {
        return template.requestBody("direct:component-sync-get", (Object) null);
    }

    Object componentInlineGet() {
        return template.requestBody("direct:component-inline-get", (Object) null);
    }

    Object httpGet() {
        return template.requestBody("direct:http-get", (Object) null);
    }

    JsonNode rawGet() throws IOException {
        JsonNode root = rawJson("/users/1");
        JsonNode first = root.get("results").get(0);
        return root.get(first.get("key").asText()).get(first.get("id").asText());
    }

    private JsonNode rawJson(String pathAndQuery) throws IOException {
        HttpGet get = new HttpGet(baseUrl + pathAndQuery);
        get.setHeader("Authorization", "Bearer " + token);
        get.setHeader("Accept", "application/json");
        byte[] body = raw.execute(get, response -> EntityUtils.toByteArray(response.getEntity()));
        return mapper.readTree(body);
    }

    // ------------------------------------------------------------------ list all

    /** Component, outputType=List. */
    @SuppressWarnings("unchecked")
    List<Object> componentList(int concurrency) {
        return componentList(concurrency, "");
    }

    /** Component, outputType=List, with more options (e.g. the consumer's scope). */
    @SuppressWarnings("unchecked")
    List<Object> componentList(int concurrency, String options) {
        return template.requestBody(componentUri("list", "perPage=" + PER_PAGE + "&pageConcurrency=" + concurrency
                                                         + (options.isEmpty() ? "" : "&" + options)),
                null, List.class);
    }

    /** Component, outputType=StreamList: every user goes to the sink, none is kept. */
    int componentStream(int concurrency, Consumer<Object> sink) {
        Exchange e = template.request("direct:component-stream", x -> {
            x.getMessage().setHeader("kantataUri",
                    componentUri("list", "perPage=" + PER_PAGE + "&pageConcurrency=" + concurrency + "&outputType=StreamList"));
            x.setProperty("sink", sink);
        });
        if (e.getException() != null) {
            throw new IllegalStateException(e.getException());
        }
        return e.getMessage().getBody(Integer.class);
    }

    /** Raw HttpClient 5 + Jackson tree, pages in sequence. */
    List<JsonNode> rawList() throws IOException {
        List<JsonNode> users = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode root = rawJson("/users?per_page=" + PER_PAGE + "&page=" + page);
            JsonNode byId = root.get("users");
            for (JsonNode r : root.get("results")) {
                users.add(byId.get(r.get("id").asText()));
            }
            if (page >= root.get("meta").get("page_count").asInt()) {
                return users;
            }
        }
    }

    /** camel-http route + unmarshal().json(), pages in sequence. */
    @SuppressWarnings("unchecked")
    List<Object> httpList() {
        List<Object> users = new ArrayList<>();
        for (int page = 1;; page++) {
            int p = page;
            Exchange e = template.request("direct:http-list",
                    x -> x.getMessage().setHeader(Exchange.HTTP_QUERY, "per_page=" + PER_PAGE + "&page=" + p));
            if (e.getException() != null) {
                throw new IllegalStateException(e.getException());
            }
            Map<String, Object> root = e.getMessage().getBody(Map.class);
            Map<String, Object> byId = (Map<String, Object>) root.get("users");
            for (Map<String, Object> r : (List<Map<String, Object>>) root.get("results")) {
                users.add(byId.get(String.valueOf(r.get("id"))));
            }
            int pageCount = ((Number) ((Map<String, Object>) root.get("meta")).get("page_count")).intValue();
            if (page >= pageCount) {
                return users;
            }
        }
    }

    @Override
    public void close() throws Exception {
        raw.close();
        context.close();
    }
}
