package dev.tokentally.budgets;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface BudgetRepository extends JpaRepository<Budget, Long> {

    List<Budget> findByOrganizationIdOrderByName(long organizationId);

    Optional<Budget> findByIdAndOrganizationId(long id, long organizationId);
}
