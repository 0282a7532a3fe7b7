package dev.tokentally.usage.api;


import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.testsupport.RunAs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Creates API keys as a platform admin would, for tests that call the API. */
public class ApiKeyTestSupport {

    private final ApiKeys apiKeys;
    private final JdbcClient jdbc;
    private final UserDetailsService users;

    public ApiKeyTestSupport(ApiKeys apiKeys, JdbcClient jdbc, UserDetailsService users) {
        this.apiKeys = apiKeys;
        this.jdbc = jdbc;
        this.users = users;
    }

    public String create(String slug) {
        return asPlatformAdmin(() -> apiKeys.create(organization(slug), "test key", null).secret());
    }

    /** A key whose expiry has passed (written directly: the service refuses past expiries). */
    public String createExpired(String slug) {
        String secret = create(slug);
        jdbc.sql("update api_key set expires_at = now() - interval '1 minute' where id = (select max(id) from api_key)").update();
        return secret;
    }

    /** Through the service, as an admin would: the key cache drops them at once. */
    public void revokeAll(String slug) {
        asPlatformAdmin(() -> {
            apiKeys.list(organization(slug)).forEach(key -> apiKeys.revoke(key.id()));
            return null;
        });
    }

    private long organization(String slug) {
        return jdbc.sql("select id from organization where slug = ?").param(slug).query(Long.class).single();
    }

    private <T> T asPlatformAdmin(java.util.function.Supplier<T> action) {
        return RunAs.user(users, "root@tokentally.test", action);
    }
}
