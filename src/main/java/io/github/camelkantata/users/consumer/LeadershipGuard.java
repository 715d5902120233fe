package io.github.camelkantata.users.consumer;

import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.state.JdbcFence;
import io.github.camelkantata.users.state.JdbcStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's own check that this node still leads its cluster namespace ({@code clusterNamespace}), independent of
 * the route policy that started it: a policy or a cluster service that keeps a deposed leader's route running
 * (CAMEL-24457, camel-zookeeper before 4.22.1) cannot make it emit or commit.
 * <p>
 * Two signals depose the node, and once deposed it stays silent until its consumer is started again (by the policy, on
 * a new leadership, with a new term): the view's local member no longer reporting itself leader, asked before every
 * exchange and before every poll; and, with a {@link JdbcStateRepository}, a stored leader term newer than the one this
 * node took when it started ({@link JdbcFence}: read at most every {@value #TERM_CHECK_MILLIS} ms while emitting, and
 * checked inside every state write's transaction). While the term cannot be read (the database is unreachable) the node
 * hands nothing over, without being deposed: it could not commit either.
 * <p>
 * No check made inside the node can cover a pause (GC, a stopped VM) that falls between the check and the route
 * receiving the exchange: such a node, when it resumes, delivers that one exchange, whose commit the fence then
 * refuses, so the new leader emits it too.
 */
final class LeadershipGuard {

    static final long TERM_CHECK_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipGuard.class);

    private final String namespace;
    private CamelClusterService service;
    private CamelClusterView view;
    private JdbcFence fence;
    private volatile String deposedBecause;
    private volatile long nextTermCheck;

    LeadershipGuard(String namespace) {
        this.namespace = namespace;
    }

    /** Joins the namespace's view and, on a JDBC store, takes the next leader term. */
    void start(CamelContext context, StateRepository<String, String> repo) throws Exception {
        service = ClusterServiceHelper.lookupService(context).orElseThrow(() -> new IllegalArgumentException(
                "Option 'clusterNamespace' is set to '" + namespace + "' on a kantata-users consumer, but the CamelContext "
                                                                                                             + "has no CamelClusterService: add one (for example ZooKeeperClusterService) "
                                                                                                             + "or remove the option"));
        // no event listener: the consumer starts inside the view's leadership event, whose dispatch holds the lock that
        // adding a listener needs (a deadlock); asking the local member before every exchange sees the same state
        view = service.getView(namespace);
        deposedBecause = null;
        if (repo instanceof JdbcStateRepository jdbc) {
            fence = new JdbcFence(jdbc, namespace);
            fence.acquire();
        }
        nextTermCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_CHECK_MILLIS);
    }

    void stop() throws Exception {
        if (view != null) {
            service.releaseView(view);
            view = null;
        }
    }

    /** @return whether this node may emit (and commit) now; false for good once deposed */
    boolean allowed() {
        if (deposedBecause != null) {
            return false;
        }
        CamelClusterView v = view;
        if (v == null) {
            return false;
        }
        CamelClusterMember local = v.getLocalMember();
        if (local == null || !local.isLeader()) {
            depose("the cluster view no longer reports this node as leader");
            return false;
        }
        JdbcFence f = fence;
        long now = System.nanoTime();
        if (f != null && now - nextTermCheck >= 0) {
            // counted from the question: after a pause inside the query the next call asks again
            nextTermCheck = now + TimeUnit.MILLISECONDS.toNanos(TERM_CHECK_MILLIS);
            Boolean current = f.current();
            if (current == null) {
                // unknown is not allowed: a node that cannot read the term cannot commit either, and one that has just
                // woken from a pause (GC, a stopped VM) must not emit on an old belief; the next call asks again
                nextTermCheck = now;
                return false;
            }
            if (!current) {
                depose("another node took a newer leader term than this node's " + f.getTerm());
                return false;
            }
        }
        return true;
    }

    /** @return whether this node was deposed (without asking anything) */
    boolean deposed() {
        return deposedBecause != null;
    }

    /** A state write was refused by the fence. */
    void fenced() {
        depose("a state write was refused: another node took a newer leader term than this node's "
               + (fence == null ? "" : fence.getTerm()));
    }

    /** @return this node's leader term, 0 without a JDBC store */
    long term() {
        return fence == null ? 0 : fence.getTerm();
    }

    private synchronized void depose(String why) {
        if (deposedBecause == null) {
            deposedBecause = why;
            LOG.warn("kantata-users: this node no longer leads cluster namespace {} ({}): the consumer emits and commits "
                     + "nothing more until it is started again",
                    namespace, why);
        }
    }
}
