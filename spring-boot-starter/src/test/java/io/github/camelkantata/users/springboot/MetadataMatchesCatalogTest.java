package io.github.camelkantata.users.springboot;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.KantataUsersComponent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter covers every component option, checked against the catalog JSON inside the component jar on the class
 * path (not against a copy): META-INF/spring-configuration-metadata.json, as spring-boot-configuration-processor wrote
 * it, has one property per "componentProperties" entry, with the catalog's description, and says which are secrets. A
 * component release that adds an option fails here until scripts/gen-starter.py is run again.
 */
class MetadataMatchesCatalogTest {

    static final String PREFIX = "camel.component.kantata-users.";
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode metadata() throws Exception {
        File f = new File("target/classes/META-INF/spring-configuration-metadata.json");
        assertTrue(f.isFile(), "spring-boot-configuration-processor wrote no metadata: " + f);
        return JSON.readTree(f);
    }

    static Set<String> metadataNames() {
        try {
            Set<String> names = new TreeSet<>();
            metadata().get("properties").forEach(p -> names.add(p.get("name").asText()));
            return names;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode catalog() throws Exception {
        try (InputStream in = KantataUsersComponent.class
                .getResourceAsStream("/META-INF/io/github/camelkantata/users/kantata-users.json")) {
            assertNotNull(in, "the component jar's catalog JSON");
            return JSON.readTree(in);
        }
    }

    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @Test
    void everyComponentOptionIsAPropertyWithItsDescription() throws Exception {
        Map<String, JsonNode> props = new HashMap<>();
        metadata().get("properties").forEach(p -> props.put(p.get("name").asText(), p));
        List<String> problems = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        catalog().get("componentProperties").fields().forEachRemaining(e -> {
            String name = PREFIX + kebab(e.getKey());
            expected.add(name);
            JsonNode option = e.getValue();
            JsonNode p = props.get(name);
            if (p == null) {
                problems.add(name + " is missing");
                return;
            }
            String description = p.path("description").asText();
            if (!description.startsWith(option.get("description").asText().trim())) {
                problems.add(name + " description differs from the catalog: " + description);
            }
            boolean secret = option.path("secret").asBoolean();
            if (secret != description.contains("This option is a secret")) {
                problems.add(name + (secret ? " is a secret but its description does not say so" : " is not a secret"));
            }
            if ("duration".equals(option.get("type").asText())) {
                if (!"java.time.Duration".equals(p.path("type").asText())) {
                    problems.add(name + " is a duration but bound as " + p.path("type").asText());
                }
                if (!option.path("defaultValue").asText().equals(p.path("defaultValue").asText())) {
                    problems.add(name + " default " + p.path("defaultValue") + " != catalog " + option.path("defaultValue"));
                }
            }
        });
        // nothing else but the switches every Camel starter has (ComponentConfigurationPropertiesCommon)
        for (String name : props.keySet()) {
            if (!expected.contains(name) && !name.equals(PREFIX + "enabled") && !name.equals(PREFIX + "customizer.enabled")) {
                problems.add(name + " is not a component option");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(catalog().get("componentProperties").size(), expected.size());
    }

    @Test
    void everyOptionWithListedValuesHasValueHints() throws Exception {
        Map<String, Set<String>> hints = new HashMap<>();
        metadata().path("hints").forEach(h -> {
            Set<String> values = new TreeSet<>();
            h.get("values").forEach(v -> values.add(v.get("value").asText()));
            hints.put(h.get("name").asText(), values);
        });
        List<String> problems = new ArrayList<>();
        catalog().get("componentProperties").fields().forEachRemaining(e -> {
            if (e.getValue().has("enum")) {
                Set<String> expected = new TreeSet<>();
                e.getValue().get("enum").forEach(v -> expected.add(v.asText()));
                String name = PREFIX + kebab(e.getKey());
                if (!expected.equals(hints.get(name))) {
                    problems.add(name + " hints " + hints.get(name) + " != catalog " + expected);
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Set.of("List", "StreamList"), hints.get(PREFIX + "output-type"));
        assertEquals(Set.of("upload", "reset"), hints.get(PREFIX + "photo-action"));
        assertTrue(metadataNames().contains(PREFIX + "on-my-account"), "the filters are component options");
    }

    @Test
    void theTokenIsMarkedAsASecret() throws Exception {
        JsonNode token = null;
        for (JsonNode p : metadata().get("properties")) {
            if (p.get("name").asText().equals(PREFIX + "access-token")) {
                token = p;
            }
        }
        assertNotNull(token);
        assertEquals("java.lang.String", token.get("type").asText());
        assertTrue(token.get("description").asText().contains("secret"), token.toString());
    }
}
