package dev.tokentally.mail.channels;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.organizations.CurrentUser;
import dev.tokentally.organizations.Roles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's alert channels and the messages queued for them. A channel's URL (and a webhook's
 * signing secret) is sealed when added and only opened by the {@link ChannelSender}; the secret is shown
 * once, in the answer to {@link #add}.
 */
@Service
@Transactional
public class AlertChannels {

    /** A channel just added; {@code secret} is the webhook's signing secret, null for Slack and Teams. */
    public record Added(AlertChannel channel, String secret) {
    }

    private static final String DELIVERIES = """
            select o.id, c.name, c.kind, o.event, o.summary, o.created_at, o.attempts, o.next_attempt_at, o.sent_at,
                   o.last_error
            from channel_outbox o join alert_channel c on c.id = o.channel_id""";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AddressGuard guard;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AlertChannels(JdbcClient jdbc, SecretBox secrets, AddressGuard guard, CurrentUser currentUser, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.guard = guard;
        this.currentUser = currentUser;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<AlertChannel> list(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql("select id, organization_id, name, kind, created_at from alert_channel where organization_id = ? order by name")
                .param(organizationId).query((rs, row) -> channel(rs)).list();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Added add(long organizationId, String name, ChannelKind kind, String url) {
        currentUser.requireAccessTo(organizationId);
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new FieldRejectedException("name", "A name of 1 to 100 characters");
        }
        if (kind == null) {
            throw new FieldRejectedException("kind", "Choose the kind of channel");
        }
        if (url == null || url.isBlank()) {
            throw new FieldRejectedException("url", "The channel's URL");
        }
        guard.check(url);
        if (jdbc.sql("select count(*) from alert_channel where organization_id = ? and name = ?").params(organizationId, trimmed)
                .query(Long.class).single() > 0) {
            throw new DuplicateValueException("name", "A channel named " + trimmed + " exists already");
        }
        String secret = kind == ChannelKind.WEBHOOK ? newSecret() : null;
        long id = jdbc.sql("""
                        insert into alert_channel (organization_id, name, kind, sealed_url, sealed_secret, created_at)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(organizationId, trimmed, kind.name(), secrets.seal(url.trim()), secret == null ? null : secrets.seal(secret),
                        Timestamp.from(clock.instant()))
                .query(Long.class).single();
        audit.record("alert_channel", id, "create", null, trimmed + " (" + kind.name() + ")");
        return new Added(new AlertChannel(id, organizationId, trimmed, kind, clock.instant()), secret);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void delete(long organizationId, long channelId) {
        currentUser.requireAccessTo(organizationId);
        AlertChannel channel = find(organizationId, channelId);
        jdbc.sql("delete from alert_channel where id = ?").param(channelId).update();
        audit.record("alert_channel", channelId, "delete", channel.name() + " (" + channel.kind().name() + ")", null);
    }

    /** Queues a test message; it is delivered like an alert and shows in the delivery log. */
    @PreAuthorize(Roles.IS_ADMIN)
    public void sendTest(long organizationId, long channelId) {
        currentUser.requireAccessTo(organizationId);
        AlertChannel channel = find(organizationId, channelId);
        enqueue(organizationId, List.of(channelId), new Notice("test", "Test message from Tokentally",
                "Alerts of this organization's budgets will arrive in " + channel.name() + " like this one.", List.of(), null,
                Map.of("channel", channel.name())));
    }

    /** Queues the notice for each of the organization's named channels, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int enqueue(long organizationId, Collection<Long> channelIds, Notice notice) {
        if (channelIds.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<AlertChannel> channels = jdbc.sql("""
                        select id, organization_id, name, kind, created_at from alert_channel
                        where organization_id = :organization and id in (:ids)""")
                .param("organization", organizationId).param("ids", channelIds).query((rs, row) -> channel(rs)).list();
        for (AlertChannel channel : channels) {
            jdbc.sql("""
                            insert into channel_outbox (organization_id, channel_id, event, summary, body, created_at, next_attempt_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(organizationId, channel.id(), notice.event(), notice.title(),
                            ChannelMessages.body(channel.kind(), notice, now), Timestamp.from(now), Timestamp.from(now))
                    .update();
        }
        return channels.size();
    }

    /** The newest deliveries first. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ChannelDelivery> deliveries(long organizationId, int limit) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql(DELIVERIES + " where o.organization_id = ? order by o.id desc limit ?").params(organizationId, limit)
                .query((rs, row) -> new ChannelDelivery(rs.getLong("id"), rs.getString("name"), ChannelKind.valueOf(rs.getString("kind")),
                        rs.getString("event"), rs.getString("summary"), instant(rs, "created_at"), rs.getInt("attempts"),
                        instant(rs, "next_attempt_at"), instant(rs, "sent_at"), rs.getString("last_error")))
                .list();
    }

    private AlertChannel find(long organizationId, long channelId) {
        return jdbc.sql("select id, organization_id, name, kind, created_at from alert_channel where id = ? and organization_id = ?")
                .params(channelId, organizationId).query((rs, row) -> channel(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such channel"));
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static AlertChannel channel(ResultSet rs) throws SQLException {
        return new AlertChannel(rs.getLong("id"), rs.getLong("organization_id"), rs.getString("name"),
                ChannelKind.valueOf(rs.getString("kind")), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
