package io.github.camelkantata.examples.quarkus;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import org.apache.camel.ProducerTemplate;

/** The producer operations behind HTTP: GET /users/me, /users/{id}, /users?search=... */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    ProducerTemplate template;

    @GET
    @Path("/me")
    public Map<String, Object> me() {
        return summary(template.requestBody("kantata-users:me", null, User.class));
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        return summary(template.requestBodyAndHeader("kantata-users:get", null, KantataUsersConstants.USER_ID, id,
                User.class));
    }

    @GET
    public List<Map<String, Object>> list(@QueryParam("search") String search) {
        String uri = "kantata-users:list?onMyAccount=true&perPage=50"
                     + (search == null || search.isBlank() ? "" : "&search=" + search);
        List<?> users = template.requestBody(uri, null, List.class);
        return users.stream().map(u -> summary((User) u)).toList();
    }

    private static Map<String, Object> summary(User u) {
        return Map.of("id", u.getId(), "fullName", String.valueOf(u.getFullName()),
                "email", String.valueOf(u.getEmailAddress()));
    }
}
