package dev.tokentally.mail.channels;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.ControlCharacters;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.base.secrets.SecretBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's alert channels and the messages queued for them. A channel's URL (and a webhook's
 * signing secret) is sealed when added and only opened by the {@link ChannelSender}; the secret is shown
 * once, in the answer to {@link #add}. Each channel receives the events it chose (all by default); a budget's
 * alerts go to the channels the budget chose, the organization's other events to every channel that wants them.
 */
@Service
@Transactional
public class AlertChannels {

    /** A channel just added; {@code secret} is the webhook's signing secret, null for Slack and Teams. */
    public record Added(AlertChannel channel, String secret) {
    }

    private static final String CHANNEL = "select id, organization_id, name, kind, events, created_at from alert_channel";
    private static final String DELIVERIES = """
            select o.id, c.name, c.kind, o.event, o.summary, o.created_at, o.attempts, o.next_attempt_at, o.sent_at,
                   o.last_error
            from channel_outbox o join alert_channel c on c.id = o.channel_id""";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final OutboundAddresses guard;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AlertChannels(JdbcClient jdbc, SecretBox secrets, OutboundAddresses guard, CurrentUser currentUser, AuditLog audit, Clock clock) {
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
        return jdbc.sql(CHANNEL + " where organization_id = ? order by name")
                .param(organizationId).query((rs, row) -> channel(rs)).list();
    }

    /** Adds a channel that receives every event. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Added add(long organizationId, String name, ChannelKind kind, String url) {
        return add(organizationId, name, kind, url, EnumSet.allOf(ChannelEvent.class));
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Added add(long organizationId, String name, ChannelKind kind, String url, Set<ChannelEvent> events) {
        currentUser.requireAccessTo(organizationId);
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new FieldRejectedException("name", "A name of 1 to 100 characters");
        }
        if (ControlCharacters.contains(trimmed)) {
            throw new FieldRejectedException("name", "A name without control characters such as tabs or line breaks");
        }
        requireSome(events);
        if (kind == null) {
            throw new FieldRejectedException("kind", "Choose the kind of channel");
        }
        if (url == null || url.isBlank()) {
            throw new FieldRejectedException("url", "The channel's URL");
        }
        guard.checkUrl(url, "url");
        if (jdbc.sql("select count(*) from alert_channel where organization_id = ? and name = ?").params(organizationId, trimmed)
                .query(Long.class).single() > 0) {
            throw new DuplicateValueException("name", "A channel named " + trimmed + " exists already");
        }
        String secret = kind == ChannelKind.WEBHOOK ? newSecret() : null;
        long id = jdbc.sql("""
                        insert into alert_channel (organization_id, name, kind, sealed_url, sealed_secret, events, created_at)
                        values (?, ?, ?, ?, ?, ?::text[], ?) returning id""")
                .params(organizationId, trimmed, kind.name(), secrets.seal(url.trim()), secret == null ? null : secrets.seal(secret),
                        array(events), Timestamp.from(clock.instant()))
                .query(Long.class).single();
        audit.record("alert_channel", id, "create", null, trimmed + " (" + kind.name() + ")");
        return new Added(new AlertChannel(id, organizationId, trimmed, kind, Set.copyOf(events), clock.instant()), secret);
    }

    /** Chooses the events the channel receives from now on; test messages always reach it. */
    @PreAuthorize(Roles.IS_ADMIN)
    public AlertChannel chooseEvents(long organizationId, long channelId, Set<ChannelEvent> events) {
        currentUser.requireAccessTo(organizationId);
        AlertChannel channel = find(organizationId, channelId);
        requireSome(events);
        jdbc.sql("update alert_channel set events = ?::text[] where id = ?").params(array(events), channelId).update();
        audit.record("alert_channel", channelId, "events", array(channel.events()), array(events));
        return find(organizationId, channelId);
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

    /**
     * Queues the notice for those of the organization's named channels that receive its event, in the caller's
     * transaction; returns how many.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int enqueue(long organizationId, Collection<Long> channelIds, Notice notice) {
        if (channelIds.isEmpty()) {
            return 0;
        }
        return queue(jdbc.sql(CHANNEL + " where organization_id = :organization and id in (:ids)")
                .param("organization", organizationId).param("ids", channelIds).query((rs, row) -> channel(rs)).list(), notice);
    }

    /** Queues the notice for every channel of the organization that receives its event; returns how many. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int publish(long organizationId, Notice notice) {
        return queue(jdbc.sql(CHANNEL + " where organization_id = ?").param(organizationId).query((rs, row) -> channel(rs)).list(),
                notice);
    }

    private int queue(List<AlertChannel> candidates, Notice notice) {
        Instant now = clock.instant();
        // A message no channel can choose (a test) reaches every candidate.
        List<AlertChannel> channels = candidates.stream()
                .filter(channel -> ChannelEvent.ofType(notice.event()).map(channel.events()::contains).orElse(true)).toList();
        for (AlertChannel channel : channels) {
            jdbc.sql("""
                            insert into channel_outbox (organization_id, channel_id, event, summary, body, created_at, next_attempt_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(channel.organizationId(), channel.id(), notice.event(), notice.title(),
                            ChannelMessages.body(channel.kind(), notice, now), Timestamp.from(now), Timestamp.from(now))
                    .update();
        }
        return channels.size();
    }

    /** A page of the deliveries, the newest first. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ChannelDelivery> deliveries(long organizationId, int offset, int limit) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql(DELIVERIES + " where o.organization_id = ? order by o.id desc offset ? limit ?").params(organizationId, offset, limit)
                .query((rs, row) -> new ChannelDelivery(rs.getLong("id"), rs.getString("name"), ChannelKind.valueOf(rs.getString("kind")),
                        rs.getString("event"), rs.getString("summary"), instant(rs, "created_at"), rs.getInt("attempts"),
                        instant(rs, "next_attempt_at"), instant(rs, "sent_at"), rs.getString("last_error")))
                .list();
    }

    private AlertChannel find(long organizationId, long channelId) {
        return jdbc.sql(CHANNEL + " where id = ? and organization_id = ?")
                .params(channelId, organizationId).query((rs, row) -> channel(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such channel"));
    }

    private static void requireSome(Set<ChannelEvent> events) {
        if (events == null || events.isEmpty()) {
            throw new FieldRejectedException("events", "Choose at least one event");
        }
    }

    /** A PostgreSQL array literal; event types hold no commas, quotes or braces. */
    private static String array(Set<ChannelEvent> events) {
        return events.stream().sorted().map(ChannelEvent::type).collect(Collectors.joining(",", "{", "}"));
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static AlertChannel channel(ResultSet rs) throws SQLException {
        return new AlertChannel(rs.getLong("id"), rs.getLong("organization_id"), rs.getString("name"),
                ChannelKind.valueOf(rs.getString("kind")), events((String[]) rs.getArray("events").getArray()), instant(rs, "created_at"));
    }

    private static Set<ChannelEvent> events(String[] types) {
        return Arrays.stream(types).map(type -> ChannelEvent.ofType(type).orElseThrow()).collect(Collectors.toUnmodifiableSet());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
