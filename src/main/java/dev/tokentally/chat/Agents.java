package dev.tokentally.chat;

import java.util.List;
import java.util.Optional;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.validation.Valid;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Org admins define agents; members start threads with the enabled ones whose model they may use. */
@Service
@Validated
@Transactional
public class Agents {

    private final AgentRepository agents;
    private final ModelAccess models;
    private final CurrentUser currentUser;
    private final TeamDirectory directory;
    private final ReferenceChanges references;
    private final AuditLog audit;

    Agents(AgentRepository agents, ModelAccess models, CurrentUser currentUser, TeamDirectory directory,
           ReferenceChanges references, AuditLog audit) {
        this.agents = agents;
        this.directory = directory;
        this.references = references;
        this.models = models;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<Agent> list(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return agents.findByOrganizationIdOrderByName(organizationId);
    }

    /** One page of {@link #list}. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<Agent> page(long organizationId, Pageable page) {
        currentUser.requireAccessTo(organizationId);
        return agents.findByOrganizationIdOrderByNameAscIdAsc(organizationId, page);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Agent save(long organizationId, @Valid Agent agent) {
        currentUser.requireAccessTo(organizationId);
        if (agent.getId() != null && agents.findByIdAndOrganizationId(agent.getId(), organizationId).isEmpty()) {
            throw new NotFoundException("No such agent");
        }
        agent.setName(agent.getName().trim());
        if (agents.existsByOrganizationIdAndNameIgnoreCaseAndIdNot(organizationId, agent.getName(),
                agent.getId() == null ? -1 : agent.getId())) {
            throw new DuplicateValueException("name", "Another agent has this name");
        }
        if (models.usable(organizationId, agent.getModelId()).isEmpty()) {
            throw new FieldRejectedException("modelId", "Members may not use this model: allow it under Chat models first");
        }
        if (agent.getTeamId() != null) {
            directory.requireTeam(organizationId, agent.getTeamId(), "teamId");
        }
        agent.setOrganizationId(organizationId);
        boolean created = agent.getId() == null;
        Agent saved = agents.save(agent);
        // The recording path decides an event's team by its agent's name and team from a cache.
        references.changed("agent");
        audit.record("agent", saved.getId(), created ? "create" : "update", null,
                saved.getName() + (saved.isEnabled() ? "" : " (disabled)"));
        return saved;
    }

    /** The agents the signed-in member may start a thread with. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<Agent> available() {
        long organizationId = currentUser.require().organizationId();
        return agents.findByOrganizationIdOrderByName(organizationId).stream()
                .filter(agent -> agent.isEnabled() && models.usable(organizationId, agent.getModelId()).isPresent())
                .toList();
    }

    @Transactional(readOnly = true)
    Optional<Agent> find(long organizationId, long agentId) {
        return agents.findByIdAndOrganizationId(agentId, organizationId);
    }
}
