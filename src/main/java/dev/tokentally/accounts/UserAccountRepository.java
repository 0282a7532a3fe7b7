package dev.tokentally.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    @Query("""
            select u from UserAccount u left join fetch u.organization o
            where (:organizationId is null or o.id = :organizationId)
              and (lower(u.email) like :pattern or lower(u.displayName) like :pattern)
            """)
    List<UserAccount> findMatching(Long organizationId, String pattern, Pageable pageable);

    @Query("select u from UserAccount u left join fetch u.organization where u.id = :id")
    Optional<UserAccount> findWithOrganization(long id);

    @Query("select u from UserAccount u left join fetch u.organization where lower(u.email) = lower(:email)")
    Optional<UserAccount> findByEmail(String email);

    boolean existsByEmailIgnoreCase(String email);

    boolean existsByEmailIgnoreCaseAndIdNot(String email, Long id);

    boolean existsByRole(Role role);

    /**
     * Counts a wrong password; the {@code max}-th in a row locks the account until {@code lockUntil} and
     * starts the count again. One statement, so concurrent attempts cannot lose a count.
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            update app_user set
              failed_sign_ins = case when failed_sign_ins + 1 >= :max then 0 else failed_sign_ins + 1 end,
              locked_until = case when failed_sign_ins + 1 >= :max then :lockUntil else locked_until end
            where lower(email) = lower(:email)
            """)
    int countFailedSignIn(String email, int max, Instant lockUntil);

    @Modifying
    @Query(nativeQuery = true, value = """
            update app_user set failed_sign_ins = 0, locked_until = null, last_sign_in_at = :at
            where lower(email) = lower(:email)
            """)
    int recordSignIn(String email, Instant at);
}
