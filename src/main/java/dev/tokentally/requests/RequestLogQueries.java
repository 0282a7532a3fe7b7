package dev.tokentally.requests;

import java.util.List;
import java.util.Optional;

import dev.tokentally.base.Roles;
import dev.tokentally.organizations.OrganizationAccess;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** The request log as its readers see it: an organization's calls, newest first, a page at a time; one call in full. */
@Service
public class RequestLogQueries {

    /** The most rows one page holds. */
    public static final int MAX_PAGE = 500;

    private final RequestLogStore store;
    private final OrganizationAccess access;

    RequestLogQueries(RequestLogStore store, OrganizationAccess access) {
        this.store = store;
        this.access = access;
    }

    /** The page after {@code after} (null: the newest), without bodies. */
    @PreAuthorize(Roles.IS_ADMIN)
    public List<LoggedRequest> page(long organizationId, RequestFilter filter, RequestFilter.Cursor after, int limit) {
        access.requireAccessTo(organizationId);
        return store.page(organizationId, filter, after, Math.clamp(limit, 1, MAX_PAGE));
    }

    /** One call with its bodies (when stored). */
    @PreAuthorize(Roles.IS_ADMIN)
    public Optional<LoggedRequest> find(long organizationId, long id) {
        access.requireAccessTo(organizationId);
        return store.find(organizationId, id);
    }
}
