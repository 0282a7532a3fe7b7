package dev.tokentally.chat;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AgentRepository extends JpaRepository<Agent, Long> {

    List<Agent> findByOrganizationIdOrderByName(long organizationId);

    List<Agent> findByOrganizationIdOrderByNameAscIdAsc(long organizationId, Pageable page);

    Optional<Agent> findByIdAndOrganizationId(long id, long organizationId);

    boolean existsByOrganizationIdAndNameIgnoreCaseAndIdNot(long organizationId, String name, long id);
}
