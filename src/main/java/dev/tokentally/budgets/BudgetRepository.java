package dev.tokentally.budgets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BudgetRepository extends JpaRepository<Budget, Long> {

    List<Budget> findByOrganizationIdOrderByName(long organizationId);

    List<Budget> findByOrganizationIdOrderByNameAscIdAsc(long organizationId, Pageable page);

    List<Budget> findByOrganizationIdAndScopeAndTeamIdInOrderByNameAscIdAsc(long organizationId, Budget.Scope scope,
                                                                          Collection<Long> teamIds, Pageable page);

    Optional<Budget> findByIdAndOrganizationId(long id, long organizationId);
}
