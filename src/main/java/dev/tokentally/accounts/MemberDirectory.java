package dev.tokentally.accounts;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each organization's members by id and by email, as they are now: for the features that name members in what they
 * show (usage reports, the event list, a team's members). Asks for no signed-in user; callers have established which
 * organization they serve.
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

    /** The organization the member belongs to; empty for no such member or a platform admin. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<Long> organizationOf(long userId) {
        return jdbc.sql("select organization_id from app_user where id = ? and organization_id is not null").param(userId)
                .query(Long.class).optional();
    }

    /** Whether the member belongs to the organization. */
    public boolean belongsTo(long userId, long organizationId) {
        return organizationOf(userId).filter(id -> id == organizationId).isPresent();
    }

    /** One page of these members, by display name. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public List<Member> page(Collection<Long> userIds, int offset, int limit) {
        return jdbc.sql("select id, email, display_name from app_user where id = any (?) order by lower(display_name), id offset ? limit ?")
                .params(userIds.toArray(Long[]::new), offset, limit)
                .query((rs, row) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The emails of those of these members who are active, sorted, each once. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public List<String> activeEmails(Collection<Long> userIds) {
        return jdbc.sql("select distinct email from app_user where id = any (?) and active order by email")
                .param(userIds.toArray(Long[]::new)).query(String.class).list();
    }
}
