-- The gateway's response cache (issue 27): answers kept per organization under the SHA-256 of their normalized request,
-- shared by every instance. Bounded: each answer at most tokentally.gateway.cache.max-entry-bytes (the check below is
-- the hard ceiling), at most max-entries-per-organization rows per organization, expired rows purged by a job.
create table gateway_response_cache (
    organization_id bigint      not null references organization (id) on delete cascade,
    request_hash    text        not null check (request_hash ~ '^[0-9a-f]{64}$'),
    content_type    text        not null check (length(content_type) between 1 and 200),
    body            bytea       not null check (octet_length(body) <= 16777216),
    -- the ledger event of the call that produced the answer, and what it was billed (null: unpriced)
    event_id        uuid        not null,
    billed_cost     numeric,
    billed_currency text        check (length(billed_currency) = 3),
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    primary key (organization_id, request_hash),
    check (expires_at > created_at)
);
create index gateway_response_cache_expiry on gateway_response_cache (expires_at);
create index gateway_response_cache_organization_age on gateway_response_cache (organization_id, created_at);

-- A call answered from the cache: recorded at zero cost, with what the answer cost when it was fetched (in the event's
-- currency). Null on every other event.
alter table usage_event
    add column cache_hit boolean not null default false,
    add column saved     numeric check (saved >= 0);

-- The same view with the two columns at its end.
create or replace view usage_event_current as
select e.id, e.organization_id, e.user_id, e.external_user, e.agent, e.session_ref, e.message_ref, e.provider, e.model,
       case when c.id is null then e.model_id else c.model_id end as model_id,
       e.input_tokens, e.cached_input_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.output_tokens,
       e.reasoning_tokens, e.request_count, e.estimated, e.provider_cost_usd,
       case when c.id is null then e.raw_cost_usd else c.raw_cost_usd end as raw_cost_usd,
       case when c.id is null then e.billed_cost else c.billed_cost end as billed_cost,
       e.billed_currency,
       case when c.id is null then e.price_version_id else c.price_version_id end as price_version_id,
       e.source, e.idempotency_key, e.occurred_at, e.recorded_at, e.metadata, e.team_id, e.api_key_id,
       e.wire_format, e.connection, e.cache_hit, e.saved
from usage_event e
     left join (select * from usage_correction c
                where not exists (select from usage_correction later where later.event_id = c.event_id and later.id > c.id)) c
               on c.event_id = e.id;

-- A key's default for its gateway calls: answers cached for this many seconds (null: no caching unless a call asks).
alter table api_key
    add column cache_ttl_seconds integer check (cache_ttl_seconds between 1 and 2592000);
