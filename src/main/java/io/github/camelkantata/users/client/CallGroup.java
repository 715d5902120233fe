package io.github.camelkantata.users.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls one owner has in flight: a producer, a consumer or an endpoint. When the owner stops,
 * {@link #close(String)} fails every one of them at once with a {@code STOPPED} error, and refuses new ones, so that no
 * exchange waits for a deadline after the thing that started it is gone. {@link #open()} accepts calls again (a
 * restarted route).
 */
public final class CallGroup {

    /** One call that can be ended from outside. */
    interface Member {
        /** Ends the call with a STOPPED error, unless it already ended. */
        void stop(String why);
    }

    private final String name;
    private final CallGroup parent;
    private final Set<Member> live = ConcurrentHashMap.newKeySet();
    private final Set<CallGroup> children = ConcurrentHashMap.newKeySet();
    private volatile String closedBecause;

    /** @param name the owner, for the error message (e.g. {@code "the kantata-users producer"}) */
    public CallGroup(String name) {
        this(name, null);
    }

    private CallGroup(String name, CallGroup parent) {
        this.name = name;
        this.parent = parent;
    }

    /**
     * A group whose calls also end when this one closes: a producer's group is a child of its endpoint's, which is a
     * child of the component's, so a stop at any level reaches every call below it.
     *
     * @param  childName the child's owner
     * @return           the child, open
     */
    public CallGroup child(String childName) {
        CallGroup c = new CallGroup(childName, this);
        c.open();
        return c;
    }

    /** Accepts calls (again). */
    public void open() {
        closedBecause = null;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    /**
     * Refuses new calls and ends the ones in flight, here and in every child group.
     *
     * @param why said in the error each call ends with
     */
    public void close(String why) {
        closedBecause = name + " " + why;
        if (parent != null) {
            parent.children.remove(this);
        }
        for (CallGroup c : children) {
            c.close(why + " (" + name + ")");
        }
        for (Member m : live) {
            m.stop(closedBecause);
        }
    }

    /** @return why calls are refused, or null while open */
    String closedBecause() {
        return closedBecause;
    }

    /** @return calls in flight now */
    public int inFlight() {
        return live.size();
    }

    /** @return false when the group is closed: the member was not added and must end at once */
    boolean add(Member m) {
        if (closedBecause != null) {
            return false;
        }
        live.add(m);
        // close() may have run between the check and the add: it must not miss this member
        if (closedBecause != null) {
            live.remove(m);
            return false;
        }
        return true;
    }

    void remove(Member m) {
        live.remove(m);
    }

    @Override
    public String toString() {
        return "CallGroup[" + name + ", inFlight=" + live.size() + (closedBecause == null ? "" : ", closed") + "]";
    }
}
