-- Gateway routes (issue 27): a model name clients call and the targets, retries and fallbacks behind it, for one
-- organization or (organization_id null) for every organization. The definition is the route's YAML, as the routes
-- file, the export and the import write it. Routes from TOKENTALLY_GATEWAY_ROUTES_FILE are not stored here.
create table gateway_route (
    id               bigserial    primary key,
    organization_id  bigint       references organization (id) on delete cascade,
    name             varchar(100) not null check (length(trim(name)) > 0),
    definition       text         not null check (length(definition) <= 100000),
    updated_at       timestamptz  not null default now()
);
create unique index gateway_route_name_idx on gateway_route (coalesce(organization_id, 0), name);

-- Each instance keeps the routes in memory (every gateway call asks whether its model names one).
create trigger gateway_route_changed after insert or update or delete on gateway_route
    for each statement execute function notify_reference_changed();
create trigger gateway_route_truncated after truncate on gateway_route for each statement execute function notify_reference_changed();
