package io.github.camelkantata.users;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.model.UserPage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Turns an exchange into one Users API call and the response into a body and headers. Asynchronous: the calling
 * thread returns as soon as the request is handed to the HTTP client, and the exchange continues when the
 * response has been read.
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
        }
    }

    private CompletableFuture<? extends ApiResult<?>> start(Exchange exchange) throws Exception {
        // a transacted exchange must stay on its thread (its transaction is bound to it)
        boolean sync = config.isSynchronous() || exchange.isTransacted();
        KantataUsersClient client = sync ? blockingClient : this.client;
        Message in = exchange.getMessage();
        String itemQuery = endpoint.getItemQuery();
        switch (endpoint.getOperation()) {
            case list:
                return list(client, this.client);
            case me:
                return client.me(itemQuery);
            case get:
                return client.get(Requests.userId(exchange, config, null), itemQuery);
            case update: {
                Object body = in.getBody();
                String id = Requests.userId(exchange, config, body);
                Map<String, Object> fields = Requests.updateFields(body);
                return client.update(id, fields, itemQuery);
            }
            case capacity: {
                String id = Requests.userId(exchange, config, null);
                LocalDate start = Requests.date(in, KantataUsersConstants.START_DATE, "startDate", config.getStartDate());
                LocalDate end = Requests.date(in, KantataUsersConstants.END_DATE, "endDate", config.getEndDate());
                if (start.isAfter(end)) {
                    throw new IllegalArgumentException("Invalid capacity range: startDate " + start + " is after endDate " + end
                                                       + ". Allowed: a startDate on or before the endDate");
                }
                return client.capacity(id, start, end);
            }
            case photo: {
                String id = Requests.userId(exchange, config, null);
                if ("reset".equals(config.getPhotoAction())) {
                    return client.resetPhoto(id);
                }
                long started = System.nanoTime();
                Requests.Photo photo;
                try {
                    photo = Requests.photo(exchange, config.getMaxPhotoBytes(), this::closeAtDeadline);
                } catch (IllegalArgumentException e) {
                    if (System.nanoTime() - started >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.getCallTimeout())) {
                        throw client.photoReadTimedOut(id, config.getCallTimeout(), e);
                    }
                    throw e;
                }
                return client.uploadPhoto(id, photo.content(), photo.fileName(), photo.contentType(), itemQuery, started);
            }
            default:
                throw new IllegalArgumentException("Unknown kantata-users operation " + endpoint.getOperation());
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

    /** One page on the caller's client; every page on the async one, which keeps pageConcurrency pages in flight. */
    private CompletableFuture<? extends ApiResult<?>> list(KantataUsersClient client, KantataUsersClient async) {
        String query = endpoint.getListQuery();
        if (config.getPage() != null) {
            int perPage = config.getPerPage() != null ? config.getPerPage() : 20;
            return client.listPage("list", query, config.getPage(), perPage);
        }
        client = async;
        int perPage = config.getPerPage() != null ? config.getPerPage() : 200;
        if ("StreamList".equals(config.getOutputType())) {
            return client.streamAll("list", query, perPage, config.getPageConcurrency());
        }
        return client.listAll("list", query, perPage, config.getPageConcurrency());
    }

    private void complete(Exchange exchange, ApiResult<?> result) {
        Message out = exchange.getMessage();
        Object value = result.value();
        if (value instanceof UserPage page) {
            out.setBody(page.users());
            out.setHeader(KantataUsersConstants.TOTAL_COUNT, page.count());
            out.setHeader(KantataUsersConstants.PAGE_COUNT, page.pageCount());
        } else if (value instanceof io.github.camelkantata.users.client.UserStream stream) {
            out.setBody(stream);
            // a route that never reads the stream to the end (or a failure before it does) must not leave pages in
            // flight: the stream is closed when the exchange completes; the Splitter closes it sooner
            exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    stream.close();
                }
            });
            out.setHeader(KantataUsersConstants.TOTAL_COUNT, stream.count());
            out.setHeader(KantataUsersConstants.PAGE_COUNT, stream.pageCount());
        } else {
            out.setBody(value);
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, result.status());
        out.setHeader(KantataUsersConstants.RETRIES, result.attempts() - 1);
        out.setHeader(KantataUsersConstants.OPERATION, endpoint.getOperation().name());
        if (result.requestId() != null) {
            out.setHeader(KantataUsersConstants.REQUEST_ID, result.requestId());
        }
    }
}
