package dev.tokentally.organizations;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each organization's members by id and by email, as they are now: for the features that name members in what they
 * show (usage reports, the event list). Asks for no signed-in user; callers have established which organization they
 * serve.
 */
@Component
public class MemberDirectory {

    /** A member as reports name them; {@code displayName} may be null. */
    public record Member(long id, String email, String displayName) {
    }

    /** An organization's members, inactive ones included (their past usage is still theirs). */
    public record OrganizationMembers(Map<Long, Member> byId, Map<String, Member> byEmail) {
    }

    private final JdbcClient jdbc;

    MemberDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public OrganizationMembers of(long organizationId) {
        Map<Long, Member> byId = new HashMap<>();
        Map<String, Member> byEmail = new HashMap<>();
        jdbc.sql("select id, email, display_name from app_user where organization_id = ?").param(organizationId)
                .query((rs, row) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3))).list()
                .forEach(member -> {
                    byId.put(member.id(), member);
                    byEmail.put(member.email(), member);
                });
        return new OrganizationMembers(Map.copyOf(byId), Map.copyOf(byEmail));
    }
}
