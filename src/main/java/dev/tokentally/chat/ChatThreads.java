package dev.tokentally.chat;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.SqlPatterns;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member's threads and their messages. Every method works on the signed-in member's own threads: a
 * thread of anyone else is "not found", whatever its id.
 */
@Service
@Transactional
public class ChatThreads {

    static final int MAX_TITLE = 200;

    private static final String SELECT_THREAD = """
            select t.id, t.organization_id, t.user_id, t.title, t.agent_id, a.name as agent_name, t.model_id, t.updated_at,
                   t.team_id
            from chat_thread t left join agent a on a.id = t.agent_id""";

    private final JdbcClient jdbc;
    private final CurrentUser currentUser;
    private final ModelAccess models;
    private final Agents agents;
    private final UsageEvents usageEvents;
    private final OrganizationService organizations;
    private final TeamDirectory teams;
    private final Clock clock;

    ChatThreads(JdbcClient jdbc, CurrentUser currentUser, ModelAccess models, Agents agents, UsageEvents usageEvents,
                OrganizationService organizations, TeamDirectory teams, Clock clock) {
        this.teams = teams;
        this.jdbc = jdbc;
        this.currentUser = currentUser;
        this.models = models;
        this.agents = agents;
        this.usageEvents = usageEvents;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** The member's threads, most recently active first, optionally only those whose title contains the text. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<ChatThread> page(String search, int offset, int limit) {
        return jdbc.sql(SELECT_THREAD + " where t.user_id = :user and t.title ilike :search"
                        + " order by t.updated_at desc, t.id desc offset :offset limit :limit")
                .param("user", currentUser.require().id()).param("search", SqlPatterns.contains(search))
                .param("offset", offset).param("limit", limit)
                .query((rs, row) -> thread(rs)).list();
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public long count(String search) {
        return jdbc.sql("select count(*) from chat_thread where user_id = ? and title ilike ?")
                .params(currentUser.require().id(), SqlPatterns.contains(search)).query(Long.class).single();
    }

    /** A new thread with an agent (when {@code agentId} is given) or a plain model, charged to the member's default team. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public ChatThread create(Long agentId, Long modelId) {
        return create(agentId, modelId, teams.defaultTeamOf(currentUser.require().id()).orElse(null));
    }

    /** The teams the member's new threads may be charged to. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<Team> myTeams() {
        return teams.teamsOf(currentUser.require().id());
    }

    /** The team new threads are charged to unless the member picks another. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public Optional<Long> myDefaultTeam() {
        return teams.defaultTeamOf(currentUser.require().id());
    }

    /** A new thread as {@link #create(Long, Long)} makes it, charged to {@code teamId}: one of the member's teams, or null. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public ChatThread create(Long agentId, Long modelId, Long teamId) {
        SignedInUser user = currentUser.require();
        long organizationId = user.organizationId();
        if (teamId != null && !teams.isMember(teamId, user.id())) {
            throw new IllegalArgumentException("Choose one of your teams");
        }
        long model;
        String title;
        if (agentId != null) {
            Agent agent = agents.find(organizationId, agentId).filter(Agent::isEnabled)
                    .orElseThrow(() -> new NotFoundException("No such agent"));
            model = agent.getModelId();
            title = "Chat with " + agent.getName();
        } else {
            model = Objects.requireNonNull(modelId, "Choose an agent or a model");
            title = "New chat";
        }
        models.usable(organizationId, model)
                .orElseThrow(() -> new IllegalArgumentException("Your organization does not allow this model"));
        long id = jdbc.sql("""
                        insert into chat_thread (organization_id, user_id, agent_id, model_id, title, created_at, updated_at,
                            team_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(organizationId, user.id(), agentId, model, title, Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant()), teamId)
                .query(Long.class).single();
        return get(id);
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public ChatThread get(long threadId) {
        return jdbc.sql(SELECT_THREAD + " where t.id = ? and t.user_id = ?").params(threadId, currentUser.require().id())
                .query((rs, row) -> thread(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such thread"));
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    public ChatThread rename(long threadId, String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_TITLE) {
            throw new IllegalArgumentException("A title has 1 to " + MAX_TITLE + " characters");
        }
        get(threadId);
        jdbc.sql("update chat_thread set title = ? where id = ?").params(trimmed, threadId).update();
        return get(threadId);
    }

    /** Removes the thread and its messages; what its answers cost stays in the ledger. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public void delete(long threadId) {
        get(threadId);
        jdbc.sql("delete from chat_thread where id = ?").param(threadId).update();
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<ChatMessage> messages(long threadId) {
        return messagesOf(get(threadId));
    }

    /** The thread's messages with their ledger events; the caller has checked the thread is the member's. */
    @Transactional(readOnly = true)
    List<ChatMessage> messagesOf(ChatThread thread) {
        long threadId = thread.id();
        record Row(ChatMessage message, UUID eventId) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, role, content, status, model, created_at, usage_event_id from chat_message
                        where thread_id = ? order by id""")
                .param(threadId).query((rs, row) -> new Row(message(rs), rs.getObject("usage_event_id", UUID.class))).list();
        Map<UUID, UsageEvent> events = usageEvents.byIds(thread.organizationId(),
                rows.stream().map(Row::eventId).filter(Objects::nonNull).toList());
        return rows.stream().map(row -> row.eventId() == null ? row.message() : row.message().withUsage(events.get(row.eventId())))
                .toList();
    }

    /** Messages, answers, tokens and cost of the thread: the sum of its answers' ledger events. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public ThreadTotals totals(long threadId) {
        ChatThread thread = get(threadId);
        return totals(thread, messagesOf(thread));
    }

    ThreadTotals totals(ChatThread thread, List<ChatMessage> messages) {
        String currency = organizations.locale(thread.organizationId()).currency();
        long count = 0;
        long answers = 0;
        long input = 0;
        long output = 0;
        BigDecimal cost = BigDecimal.ZERO;
        boolean estimated = false;
        for (ChatMessage message : messages) {
            if (message.role() == ChatMessage.Role.ERROR) {
                continue;
            }
            count++;
            UsageEvent event = message.usage();
            if (event != null) {
                answers++;
                AnswerTokens tokens = AnswerTokens.of(event);
                input += tokens.input();
                output += tokens.output();
                cost = event.cost().billedCost() == null ? cost : cost.add(event.cost().billedCost());
                estimated |= event.estimated();
            }
        }
        return new ThreadTotals(count, answers, input, output, new Money(cost, currency), estimated);
    }


    private static ChatThread thread(ResultSet rs) throws SQLException {
        long agentId = rs.getLong("agent_id");
        return new ChatThread(rs.getLong("id"), rs.getLong("organization_id"), rs.getLong("user_id"), rs.getString("title"),
                rs.wasNull() ? null : agentId, rs.getString("agent_name"), rs.getLong("model_id"),
                rs.getTimestamp("updated_at").toInstant(), (Long) rs.getObject("team_id"));
    }

    private static ChatMessage message(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getLong("id"), ChatMessage.Role.valueOf(rs.getString("role")), rs.getString("content"),
                ChatMessage.Status.valueOf(rs.getString("status")), rs.getString("model"),
                rs.getTimestamp("created_at").toInstant(), null);
    }
}
