package io.github.camelkantata.users.quarkus.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** What the consumer route received: one "changeType:userId" entry per exchange, in order. */
@ApplicationScoped
public class ChangeLog {

    private final List<String> entries = new CopyOnWriteArrayList<>();

    void add(String changeType, String userId) {
        entries.add(changeType + ":" + userId);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }
}
