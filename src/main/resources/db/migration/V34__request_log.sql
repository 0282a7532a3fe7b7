-- The request log: one row per gateway call and per member chat call, answered or refused. A log, not a ledger:
-- rows may be dropped under overload and are deleted after the retention period; the cost is copied from the
-- ledger event (usage_event_id) when one was recorded, and the ledger stays the source of truth.
create table request_log (
    id                  bigint generated always as identity primary key,
    occurred_at         timestamptz not null,
    organization_id     bigint      not null references organization (id) on delete cascade,
    api_key_id          bigint,
    user_id             bigint,
    agent_name          text check (length(agent_name) between 1 and 200),
    model               text        not null check (length(model) between 1 and 200),
    connection          text check (length(connection) between 1 and 200),
    wire_format         text check (length(wire_format) between 1 and 200),
    endpoint            text        not null check (length(endpoint) between 1 and 200),
    status              integer     not null check (status between 100 and 599),
    error_code          text check (length(error_code) between 1 and 100),
    error_message       text check (length(error_message) between 1 and 1000),
    latency_ms          bigint      not null check (latency_ms >= 0),
    ttft_ms             bigint check (ttft_ms >= 0),
    input_tokens        bigint      not null default 0 check (input_tokens >= 0),
    cached_input_tokens bigint      not null default 0 check (cached_input_tokens >= 0),
    cache_write_tokens  bigint      not null default 0 check (cache_write_tokens >= 0),
    output_tokens       bigint      not null default 0 check (output_tokens >= 0),
    reasoning_tokens    bigint      not null default 0 check (reasoning_tokens >= 0),
    cost                numeric(30, 12),
    currency            text check (currency ~ '^[A-Z]{3}$'),
    cache_hit           boolean     not null default false,
    tags                text[]      not null default '{}',
    usage_event_id      uuid,
    streamed            boolean     not null default false,
    -- Only when the organization stores bodies: redacted, truncated, and cleared after its body retention period.
    request_body        text,
    response_body       text
);

-- Newest first per organization, paged by (occurred_at, id); errors and one model have their own, so that a filtered
-- page deep in a large log is still read in order from an index.
create index request_log_newest on request_log (organization_id, occurred_at desc, id desc);
create index request_log_errors on request_log (organization_id, occurred_at desc, id desc) where status >= 400;
create index request_log_model on request_log (organization_id, model, occurred_at desc, id desc);
-- The retention job's deletes and body clearing.
create index request_log_age on request_log (occurred_at);

-- Per organization: whether bodies are stored (off unless an organization admin turns it on) and for how long.
create table request_log_setting (
    organization_id     bigint  primary key references organization (id) on delete cascade,
    store_bodies        boolean not null default false,
    body_retention_days integer not null default 7 check (body_retention_days between 1 and 365)
);

-- Every call asks whether its organization stores bodies: instances cache the answer and drop it when this changes.
create trigger request_log_setting_changed after insert or update or delete on request_log_setting
    for each statement execute function notify_reference_changed();
