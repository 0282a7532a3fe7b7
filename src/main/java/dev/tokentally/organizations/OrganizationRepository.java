package dev.tokentally.organizations;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OrganizationRepository extends JpaRepository<Organization, Long> {

    @Query("""
            select o from Organization o
            where lower(o.name) like :pattern or o.slug like :pattern
            """)
    List<Organization> findMatching(String pattern, Pageable pageable);

    boolean existsBySlug(String slug);

    Optional<Organization> findBySlug(String slug);

    boolean existsBySlugAndIdNot(String slug, Long id);
}
