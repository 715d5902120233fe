package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the YAML route of docs/SYNCING.md ("A complete route"), as written there, against the sandbox. */
class KantataUsersConsumerDocsTest {

    @Test
    void theDocumentedYamlRouteSyncsEveryAccountMemberAsJson(@TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of("docs/SYNCING.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));

        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start()) {
            Set<String> members = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                    .map(SandboxUser::id).collect(Collectors.toSet());
            CamelContext context = new DefaultCamelContext();
            Properties props = new Properties();
            props.setProperty("kantata.state-file", dir.resolve("state.dat").toString());
            props.setProperty("hr.endpoint", "mock:hr");
            context.getPropertiesComponent().setInitialProperties(props);
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            context.addComponent("kantata-users", component);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("syncing.yaml", yaml));
            MockEndpoint hr = context.getEndpoint("mock:hr", MockEndpoint.class);
            hr.expectedMessageCount(members.size());
            context.start();
            try {
                hr.assertIsSatisfied(20_000);
                List<Exchange> got = hr.getReceivedExchanges();
                Set<String> ids = got.stream().map(e -> {
                    try {
                        JsonNode json = Json.MAPPER.readTree(e.getMessage().getBody(String.class));
                        assertTrue(json.has("full_name"), "snake_case JSON of the user");
                        return json.get("id").asText();
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                }).collect(Collectors.toSet());
                assertEquals(members, ids);
                assertTrue(got.stream().allMatch(e -> "new".equals(e.getMessage().getHeader("X-Change-Type"))));
                assertTrue(Files.size(dir.resolve("state.dat")) > 0, "state written to the stateFile");
            } finally {
                context.stop();
            }
        }
    }
}
