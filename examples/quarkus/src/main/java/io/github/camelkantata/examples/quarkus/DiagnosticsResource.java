package io.github.camelkantata.examples.quarkus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.camel.CamelContext;

/**
 * What the dev-mode smoke test reads between hot reloads: which route code runs, whether the consumer (and so its
 * state-file lock) started again, what it emitted since this reload, how often it polled the sandbox, and the live
 * threads by name (numbers stripped), so that clients or pools left behind by a reload show up as growing counts, and
 * the contexts that own the component's pool threads.
 */
@Path("/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    @Inject
    CamelContext context;

    @Inject
    Changes changes;

    @Inject
    SandboxLifecycle sandbox;

    @GET
    public Map<String, Object> diagnostics() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("routeVersion", KantataRoutes.routeVersion());
        d.put("consumerStatus", String.valueOf(context.getRouteController().getRouteStatus(KantataRoutes.CONSUMER_ROUTE)));
        d.put("emitted", changes.entries().size());
        // a poll walks every page of GET /users; its first page request counts the polls (this example sends no
        // other list request unless /users is called)
        d.put("sandboxPolls", sandbox.sandbox()
                .map(s -> s.requests().stream().filter(r -> r.path().equals("/api/v1/users"))
                        .filter(r -> r.queryParam("page") == null || r.queryParam("page").equals("1")).count())
                .orElse(-1L));
        Map<String, Integer> threads = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> threads.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum));
        d.put("threads", threads);
        // the component's worker pool grows with the load, so its threads are told apart by the context that owns them
        // ("Camel (camel-3) thread #5 - KantataUsers"): a generation left behind by a reload is a second owner
        Set<String> owners = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.contains("KantataUsers"))
                .map(n -> n.replaceAll("^(Camel \\([^)]*\\)).*", "$1")).forEach(owners::add);
        d.put("kantataPoolOwners", owners);
        return d;
    }
}
