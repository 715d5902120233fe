package io.github.camelkantata.examples.quarkus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** What the consumer route emitted since this application (or this dev-mode reload) started. */
@ApplicationScoped
public class Changes {

    private final List<String> entries = new CopyOnWriteArrayList<>();

    void add(String changeType, String userId) {
        entries.add(changeType + ":" + userId);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }
}
