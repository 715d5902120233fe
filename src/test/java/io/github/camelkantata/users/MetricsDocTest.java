package io.github.camelkantata.users;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * docs/METRICS.md lists every JMX attribute of the endpoint and every Micrometer meter it registers, and nothing that
 * is gone: the attributes from the endpoint class's {@link ManagedAttribute}s, the meters from a started endpoint bound
 * to a real registry.
 */
class MetricsDocTest {

    private static Set<String> documented(String doc, String column) {
        // the first column of the table under the given heading: | `Name` | ...
        int at = doc.indexOf(column);
        int end = doc.indexOf("\n## ", at + 1);
        String section = doc.substring(at, end < 0 ? doc.length() : end);
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(section);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyJmxAttributeAndMeterIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/METRICS.md"));

        Set<String> attributes = new TreeSet<>();
        for (Method method : KantataUsersEndpoint.class.getMethods()) {
            if (method.isAnnotationPresent(ManagedAttribute.class)) {
                String name = method.getName();
                attributes.add(name.startsWith("get") ? name.substring(3) : name.substring(2));
            }
        }
        assertFalse(attributes.isEmpty());
        assertEquals(attributes, documented(doc, "## JMX attributes"));

        Set<String> meters = new TreeSet<>();
        try (KantataSandbox sandbox = KantataSandbox.builder().users(3).start()) {
            CamelContext context = new DefaultCamelContext();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getRegistry().bind("meters", registry);
            context.start();
            try {
                context.getEndpoint("kantata-users:me?accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl())
                        .start();
                List<Meter> all = new ArrayList<>(registry.getMeters());
                all.forEach(meter -> meters.add(meter.getId().getName()));
            } finally {
                context.stop();
            }
        }
        assertFalse(meters.isEmpty(), "the endpoint registered its meters");
        assertEquals(meters, documented(doc, "## Micrometer meters"));
    }
}
