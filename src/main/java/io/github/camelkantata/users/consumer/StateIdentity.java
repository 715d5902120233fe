package io.github.camelkantata.users.consumer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.camelkantata.users.ListFilterSupport;
import org.apache.camel.spi.StateRepository;

/**
 * Which key prefix a consumer's state lives under, and what to do when it finds none.
 * <p>
 * <b>The rule.</b> The state belongs to the account and to the set of users the consumer watches, its <i>scope</i>: the
 * list filters (every option of {@code KantataUsersListFilters}, with the consumer's {@code on_my_account} default) and
 * the {@code query.*} parameters. Options that only change how users are read ({@code include}, {@code optionalFields},
 * {@code perPage}, {@code pageConcurrency}) are not part of it, and the base URL counts by what it names, not how it is
 * spelled (scheme and host case, a default port, trailing slashes). So the default prefix is
 * {@code kantata-users.<hash of the account>.<hash of the scope>.}.
 * <p>
 * <b>A scope change is never silent.</b> Each route's last prefix is recorded ({@code kantata-users.<account
 * hash>.route.<routeId>}). A consumer that finds no state under its prefix, while its route's last prefix holds one
 * that no running consumer of this JVM uses, takes that state over: it is moved under the new prefix, one WARN names
 * the parameters that changed, and the next poll is a full one, which emits the users no longer in scope as
 * {@code removed}.
 * <p>
 * <b>State of earlier versions</b> was keyed by a hash of the base URL and the whole list query. A consumer that finds
 * nothing under its prefix and nothing to take over moves the state found under that older key (as this configuration
 * would have named it) with nothing emitted again.
 */
final class StateIdentity {

    /** Meta name: the scope (the encoded filter query) the state was reconciled with. */
    static final String META_SCOPE = "scope";
    /** Meta name: the prefix a moved state came from, so that a move cut short by a crash is finished next time. */
    static final String META_MOVED_FROM = "movedFrom";

    /** Prefixes in use by running consumers of this JVM, per repository (by identity). */
    private static final Map<StateRepository<?, ?>, List<String>> LIVE = new java.util.IdentityHashMap<>();

    private StateIdentity() {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KantataUsersConsumer.class);

    /** The poll facts a consumer keeps beside its users. */
    private static final List<String> META = List.of(KantataUsersConsumer.META_LAST_POLL_START,
            KantataUsersConsumer.META_POLLS_SINCE_FULL, KantataUsersConsumer.META_FAILING,
            KantataUsersConsumer.META_EVENTS_CURSOR, KantataUsersConsumer.META_LAST_FULL, META_SCOPE, META_MOVED_FROM);

    /**
     * Finds (or takes over, or migrates) the state a consumer starting now uses, and claims its prefix until
     * {@link #release}.
     *
     * @param  explicitPrefix the {@code stateKeyPrefix} option, or null for the default
     * @param  listQuery      the consumer's list query
     * @param  routeId        the consumer's route, or null
     * @param  emitRemoved    the {@code emitRemoved} option, for the WARN's wording
     * @return                the state
     */
    static ConsumerState open(
            StateRepository<String, String> repo, String explicitPrefix, String baseUrl, String listQuery,
            String routeId, boolean emitRemoved) {
        String scope = scope(listQuery);
        if (explicitPrefix != null) {
            // the operator named the state: it stays where it is, and a scope change is reconciled in place
            ConsumerState state = new ConsumerState(repo, explicitPrefix);
            String stored = state.meta(META_SCOPE);
            if (stored != null && !stored.equals(scope)) {
                scopeChanged(state, stored, scope, emitRemoved);
            }
            if (!scope.equals(stored)) {
                state.meta(META_SCOPE, scope);
            }
            claim(repo, explicitPrefix);
            return state;
        }
        String prefix = prefix(baseUrl, scope);
        ConsumerState state = new ConsumerState(repo, prefix);
        finishMove(state);
        if (state.meta(META_SCOPE) == null) {
            // first start of this scope with this version: the route's previous scope, or a key of an earlier version
            ConsumerState source = null;
            String previousScope = null;
            String pointed = routeId == null ? null : repo.getState(routeKey(baseUrl, routeId));
            if (pointed != null && !pointed.isEmpty() && !pointed.equals(prefix) && !inUse(repo, pointed)) {
                ConsumerState before = new ConsumerState(repo, pointed);
                previousScope = before.meta(META_SCOPE);
                source = previousScope == null ? null : before;
            }
            if (source == null) {
                ConsumerState legacy = new ConsumerState(repo, legacyPrefix(baseUrl, listQuery));
                if (!inUse(repo, legacy.prefix()) && !legacy.isEmpty(META)) {
                    source = legacy;
                }
            }
            if (source != null) {
                int users = state.copyFrom(source, META);
                state.meta(META_MOVED_FROM, source.prefix());
                LOG.info("kantata-users consumer: moved the state of {} users from key prefix {} to {}", users,
                        source.prefix(), prefix);
                if (previousScope != null && !previousScope.equals(scope)) {
                    scopeChanged(state, previousScope, scope, emitRemoved);
                }
                // written last: a move cut short before this line is redone from the intact source next start
                state.meta(META_SCOPE, scope);
                finishMove(state);
            } else {
                state.meta(META_SCOPE, scope);
            }
        }
        if (routeId != null) {
            repo.setState(routeKey(baseUrl, routeId), prefix);
        }
        claim(repo, prefix);
        return state;
    }

    /** Clears the source of a move whose copy completed (a crash may have cut the clearing short). */
    private static void finishMove(ConsumerState state) {
        String from = state.meta(META_MOVED_FROM);
        if (from != null && state.meta(META_SCOPE) != null) {
            new ConsumerState(state.repo(), from).clear(META);
            state.meta(META_MOVED_FROM, "");
        }
    }

    private static void scopeChanged(ConsumerState state, String before, String after, boolean emitRemoved) {
        LOG.warn("kantata-users consumer: the scope of state {} changed ({}). The state is kept and reconciled with the new "
                 + "scope by the next poll, a full one: users no longer in scope are {}. To start afresh instead, set "
                 + "stateKeyPrefix to a new value (see docs/STATE.md)",
                state.prefix(), describeChange(before, after),
                emitRemoved
                        ? "emitted as removed with header CamelKantataUsersRemovedReason=scope"
                        : "forgotten (emitRemoved=false)");
        // no watermark and no change-feed cursor: the next poll of an incremental or changeDetection=events consumer is
        // a full walk, and so finds who left (the feed names only users that changed)
        state.meta(KantataUsersConsumer.META_LAST_POLL_START, "");
        state.meta(KantataUsersConsumer.META_EVENTS_CURSOR, "");
        state.meta(KantataUsersConsumer.META_LAST_FULL, "");
    }

    /**
     * @param  baseUrl the {@code baseUrl} option
     * @return         the URL as the account it names: scheme and host in lower case, no default port, no trailing
     *                 slash
     */
    static String account(String baseUrl) {
        String b = baseUrl.trim();
        try {
            URI u = URI.create(b);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port == 443 && "https".equals(scheme) || port == 80 && "http".equals(scheme)) {
                port = -1;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + host + (port < 0 ? "" : ":" + port) + path;
        } catch (IllegalArgumentException e) {
            return b; // validated at endpoint start; keep whatever was given
        }
    }

    /**
     * @param  listQuery the consumer's list query (filters with its defaults, include, optional_fields, query.*)
     * @return           the scope: every parameter but include and optional_fields, sorted by name
     */
    static String scope(String listQuery) {
        List<String> parts = new ArrayList<>();
        for (String p : listQuery.split("&")) {
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (!p.isEmpty() && !"include".equals(name) && !"optional_fields".equals(name)) {
                parts.add(p);
            }
        }
        Collections.sort(parts);
        return String.join("&", parts);
    }

    /** @return the default prefix for this account and scope */
    static String prefix(String baseUrl, String scope) {
        return "kantata-users." + hash(account(baseUrl)) + "." + hash(scope) + ".";
    }

    /** @return the key recording the prefix the route last used */
    static String routeKey(String baseUrl, String routeId) {
        return "kantata-users." + hash(account(baseUrl)) + ".route." + routeId;
    }

    /** @return the prefix versions before this one derived from the base URL as given and the whole list query */
    static String legacyPrefix(String baseUrl, String listQuery) {
        return "kantata-users." + hash(baseUrl + "?" + listQuery) + ".";
    }

    private static String hash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records that a running consumer uses {@code prefix} in {@code repo}. */
    static void claim(StateRepository<?, ?> repo, String prefix) {
        synchronized (LIVE) {
            LIVE.computeIfAbsent(repo, r -> new ArrayList<>()).add(prefix);
        }
    }

    /** The consumer stopped. */
    static void release(StateRepository<?, ?> repo, String prefix) {
        synchronized (LIVE) {
            List<String> l = LIVE.get(repo);
            if (l != null) {
                l.remove(prefix);
                if (l.isEmpty()) {
                    LIVE.remove(repo);
                }
            }
        }
    }

    static boolean inUse(StateRepository<?, ?> repo, String prefix) {
        synchronized (LIVE) {
            List<String> l = LIVE.get(repo);
            return l != null && l.contains(prefix);
        }
    }

    /**
     * Names what changed between two scopes, by option name, never by value (a filter may hold e-mail addresses).
     *
     * @return e.g. {@code "byEmailAddresses added, showDisabled changed"}
     */
    static String describeChange(String before, String after) {
        Map<String, Set<String>> b = params(before);
        Map<String, Set<String>> a = params(after);
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(b.keySet());
        names.addAll(a.keySet());
        for (String n : names) {
            String option = optionName(n);
            if (!b.containsKey(n)) {
                out.add(option + " added");
            } else if (!a.containsKey(n)) {
                out.add(option + " removed");
            } else if (!b.get(n).equals(a.get(n))) {
                out.add(option + " changed");
            }
        }
        return out.isEmpty() ? "the filters changed" : String.join(", ", out);
    }

    private static Map<String, Set<String>> params(String query) {
        Map<String, Set<String>> m = new TreeMap<>();
        if (query == null || query.isEmpty()) {
            return m;
        }
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            m.computeIfAbsent(name, k -> new TreeSet<>()).add(eq < 0 ? "" : p.substring(eq + 1));
        }
        return m;
    }

    /**
     * @return the option of an API parameter ({@code by_email_addresses} is {@code byEmailAddresses}); else query.name
     */
    private static String optionName(String apiName) {
        for (ListFilterSupport.Filter f : ListFilterSupport.filters()) {
            if (f.apiName().equals(apiName)) {
                return f.option();
            }
        }
        return "query." + apiName;
    }
}
