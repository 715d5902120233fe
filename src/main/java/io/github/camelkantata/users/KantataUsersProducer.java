package io.github.camelkantata.users;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.EmailLookup;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Turns an exchange into one Users API call and the response into a body and headers. Asynchronous: the calling thread
 * returns as soon as the request is handed to the HTTP client, and the exchange continues when the response has been
 * read.
 */
public class KantataUsersProducer extends DefaultAsyncProducer {

    private final KantataUsersEndpoint endpoint;
    private final KantataUsersConfiguration config;
    private CallGroup calls;
    private KantataUsersClient client;
    /** the same client on the calling thread: the synchronous option, and transacted exchanges */
    private KantataUsersClient blockingClient;
    private WritableHealthCheckRepository healthCheckRepository;
    private KantataUsersProducerHealthCheck healthCheck;

    /** @param endpoint the endpoint */
    public KantataUsersProducer(KantataUsersEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        calls = endpoint.getClient().caller().group().child("the kantata-users producer");
        client = endpoint.getClient().inGroup(calls);
        blockingClient = client.blocking();
        // optional, like camel-aws2-*: only when the application has a health check registry (camel-health)
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            // one check per connection setting, shared by every producer that uses it
            healthCheck = endpoint.getComponent().acquireHealthCheck(this, endpoint, healthCheckRepository);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // Camel stops a producer after its route's graceful shutdown: what is still in flight then ends at once
        // with a STOPPED error instead of waiting for callTimeout
        if (calls != null) {
            calls.close("stopped");
        }
        if (healthCheckRepository != null && healthCheck != null) {
            endpoint.getComponent().releaseHealthCheck(this, healthCheck, healthCheckRepository);
            healthCheck = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<? extends ApiResult<?>> call;
        try {
            call = start(exchange);
        } catch (Throwable e) {
            // bad input (nothing was sent), or an Error such as an OutOfMemoryError while reading a body: either
            // way the exchange ends here, with the failure on it
            exchange.setException(e);
            forgetCall(exchange);
            callback.done(true);
            return true;
        }
        if (call.isDone()) {
            // ended on this thread (the synchronous path, or a call refused at once): the route goes on here
            end(exchange, call);
            callback.done(true);
            return true;
        }
        call.whenComplete((result, failure) -> {
            end(exchange, call);
            callback.done(false);
        });
        return false;
    }

    private void end(Exchange exchange, CompletableFuture<? extends ApiResult<?>> call) {
        try {
            ApiResult<?> result = call.join();
            complete(exchange, result);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            exchange.setException(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        } catch (Throwable e) {
            exchange.setException(e);
        } finally {
            forgetCall(exchange);
        }
    }

    private static void forgetCall(Exchange exchange) {
        exchange.removeProperty(OPERATION_PROPERTY);
        exchange.removeProperty(USER_PROPERTY);
    }

    private CompletableFuture<? extends ApiResult<?>> start(Exchange exchange) throws Exception {
        // a transacted exchange must stay on its thread (its transaction is bound to it)
        boolean sync = config.isSynchronous() || exchange.isTransacted();
        KantataUsersClient client = sync ? blockingClient : this.client;
        Message in = exchange.getMessage();
        KantataUsersOperation operation = operation(in);
        exchange.setProperty(OPERATION_PROPERTY, operation);
        Object query = in.getHeader(KantataUsersConstants.QUERY);
        // capacity takes no query: merge rejects a header with any parameter for it
        String itemQuery = operation == KantataUsersOperation.list
                ? null
                : MessageQuery.merge(operation, endpoint.getItemQuery(), query);
        switch (operation) {
            case list:
                return list(client, this.client, MessageQuery.merge(operation, endpoint.getListQuery(), query));
            case me:
                return client.me(itemQuery);
            case get:
                return client.get(user(exchange, Requests.userId(exchange, config, in.getBody())), itemQuery);
            case update: {
                Object body = in.getBody();
                String id = user(exchange, Requests.userId(exchange, config, body));
                Map<String, Object> fields = Requests.updateFields(body);
                if (config.isSkipUnchanged()) {
                    return client.updateIfChanged(id, fields, itemQuery);
                }
                return client.update(id, fields, itemQuery);
            }
            case lookup:
                return lookup(in);
            case capacity: {
                String id = user(exchange, Requests.userId(exchange, config, in.getBody()));
                LocalDate start = Requests.date(in, KantataUsersConstants.START_DATE, "startDate", config.getStartDate());
                LocalDate end = Requests.date(in, KantataUsersConstants.END_DATE, "endDate", config.getEndDate());
                if (start.isAfter(end)) {
                    throw new IllegalArgumentException(
                            "Invalid capacity range: startDate " + start + " is after endDate " + end
                                                       + ". Allowed: a startDate on or before the endDate");
                }
                return client.capacity(id, start, end);
            }
            case photo: {
                String id = user(exchange, Requests.userId(exchange, config, null));
                if ("reset".equals(config.getPhotoAction())) {
                    return client.resetPhoto(id);
                }
                long started = System.nanoTime();
                Requests.Photo photo;
                try {
                    photo = Requests.photo(exchange, config.getMaxPhotoBytes(), this::closeAtDeadline);
                } catch (IllegalArgumentException e) {
                    if (System.nanoTime() - started
                        >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.getCallTimeout())) {
                        throw client.photoReadTimedOut(id, config.getCallTimeout(), e);
                    }
                    throw e;
                }
                return client.uploadPhoto(id, photo.content(), photo.fileName(), photo.contentType(), itemQuery, started);
            }
            default:
                throw new IllegalArgumentException("Unknown kantata-users operation " + operation);
        }
    }

    /** The exchange property that remembers which operation ran, for the output headers. */
    private static final String OPERATION_PROPERTY = "CamelKantataUsersOperationRun";
    /** The exchange property that remembers the user a call was about, for the output headers. */
    private static final String USER_PROPERTY = "CamelKantataUsersIdRun";

    private static String user(Exchange exchange, String id) {
        exchange.setProperty(USER_PROPERTY, id);
        return id;
    }

    /**
     * The endpoint's operation, or the one the {@code CamelKantataUsersOperation} header names. The header is removed
     * once read: it asks for one call, and must not turn the next kantata-users call of the route into the same
     * operation.
     */
    private KantataUsersOperation operation(Message in) {
        Object header = in.removeHeader(KantataUsersConstants.OPERATION);
        if (header == null) {
            return endpoint.getOperation();
        }
        if (header instanceof KantataUsersOperation op) {
            return op;
        }
        try {
            return KantataUsersOperation.parse(header.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid value for the " + KantataUsersConstants.OPERATION + " header: '"
                                               + header + "'. Allowed: list, me, get, update, capacity, photo",
                    e);
        }
    }

    /** Closes a photo stream still being read when callTimeout passes, so a stalled source cannot hold the exchange. */
    private Runnable closeAtDeadline(java.io.Closeable stream) {
        java.util.concurrent.ScheduledFuture<?> timer = endpoint.getComponent().scheduler().schedule(() -> {
            try {
                stream.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // the reader sees the close as a failed read
            }
        }, config.getCallTimeout(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> timer.cancel(false);
    }

    /**
     * The users of the message's addresses: the entries that are not addresses go to a header (never sent), the others
     * are looked up once each whatever their case, {@code pageConcurrency} requests at a time, on the async client.
     */
    private CompletableFuture<? extends ApiResult<?>> lookup(Message in) {
        Requests.EmailAddresses addresses = Requests.emailAddresses(in);
        // a proxy limit of about 8 KB per request line is common: stay well under it, the base URL included
        int maxQueryChars = LOOKUP_MAX_URL_CHARS - config.getBaseUrl().length() - "/users?".length();
        return EmailLookup.lookup(this.client, addresses.distinct(), endpoint.getListQuery(), maxQueryChars,
                config.getPageConcurrency()).thenApply(r -> r.with(new LookupResult(addresses, r.value())));
    }

    /** The longest URL a lookup request may have. */
    static final int LOOKUP_MAX_URL_CHARS = 6000;

    /** A lookup's input and the users found, by lower-cased address. */
    private record LookupResult(Requests.EmailAddresses addresses, Map<String, User> found) {
    }

    /** One page on the caller's client; every page on the async one, which keeps pageConcurrency pages in flight. */
    private CompletableFuture<? extends ApiResult<?>> list(
            KantataUsersClient client, KantataUsersClient async,
            String query) {
        if (config.getPage() != null) {
            int perPage = config.getPerPage() != null ? config.getPerPage() : 20;
            return client.listPage("list", query, config.getPage(), perPage);
        }
        client = async;
        int perPage = config.getPerPage() != null ? config.getPerPage() : 200;
        if ("StreamList".equals(config.getOutputType())) {
            return client.streamAll("list", query, perPage, config.getPageConcurrency(), config.getStreamIdleTimeout());
        }
        return client.listAll("list", query, perPage, config.getPageConcurrency());
    }

    private void complete(Exchange exchange, ApiResult<?> result) {
        Message out = exchange.getMessage();
        Object value = result.value();
        KantataUsersOperation operation = exchange.getProperty(OPERATION_PROPERTY, KantataUsersOperation.class);
        // the id of the user this output is about chains into the next kantata-users call (see Requests.userId)
        if (value instanceof io.github.camelkantata.users.model.User user && user.getId() != null) {
            out.setHeader(KantataUsersConstants.CONSUMER_USER_ID, user.getId());
        } else if (operation == KantataUsersOperation.list) {
            out.removeHeader(KantataUsersConstants.CONSUMER_USER_ID);
        } else if (exchange.getProperty(USER_PROPERTY) != null) {
            out.setHeader(KantataUsersConstants.CONSUMER_USER_ID, exchange.getProperty(USER_PROPERTY));
        }
        if (value instanceof UserPage page) {
            out.setBody(page.users());
            out.setHeader(KantataUsersConstants.TOTAL_COUNT, page.count());
            out.setHeader(KantataUsersConstants.PAGE_COUNT, page.pageCount());
        } else if (value instanceof io.github.camelkantata.users.client.UserStream stream) {
            // not closed when the exchange completes: a ProducerTemplate caller or a wireTap reads it after that. An
            // unread one closes itself after streamIdleTimeout, and when this producer stops
            out.setBody(stream);
            out.setHeader(KantataUsersConstants.TOTAL_COUNT, stream.count());
            out.setHeader(KantataUsersConstants.PAGE_COUNT, stream.pageCount());
        } else if (value instanceof LookupResult lookup) {
            Map<String, User> byAddress = new java.util.LinkedHashMap<>();
            List<String> notFound = new java.util.ArrayList<>();
            for (String address : lookup.addresses().given()) {
                User user = lookup.found().get(address.toLowerCase(java.util.Locale.ROOT));
                if (user != null) {
                    byAddress.put(address, user);
                } else {
                    notFound.add(address);
                }
            }
            out.setBody(byAddress);
            out.setHeader(KantataUsersConstants.NOT_FOUND, notFound);
            out.setHeader(KantataUsersConstants.INVALID, lookup.addresses().invalid());
        } else if (value instanceof KantataUsersClient.UpdateOutcome outcome) {
            out.setBody(outcome.user());
            out.setHeader(KantataUsersConstants.UPDATED, outcome.updated());
        } else {
            out.setBody(value);
            if (endpoint.getOperation() == KantataUsersOperation.update) {
                out.setHeader(KantataUsersConstants.UPDATED, true);
            }
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, result.status());
        out.setHeader(KantataUsersConstants.RETRIES, result.attempts() - 1);
        if (result.requestId() != null) {
            out.setHeader(KantataUsersConstants.REQUEST_ID, result.requestId());
        }
    }
}
