-- Bring your own key: an organization's own connections, beside the platform's. At most one per kind and
-- organization; its code ("acme:openai", the organization's slug then the kind) is what the ledger's connection
-- column records, so a call through it is never confused with one through the platform's ("openai").
create table organization_connection (
    code              text        primary key check (code ~ '^[a-z0-9-]+:[a-z]+$'),
    organization_id   bigint      not null references organization (id) on delete cascade,
    kind              text        not null check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama')),
    base_url          text        check (base_url ~ '^https?://'),
    api_key_encrypted text,
    api_key_hint      text,
    timeout_seconds   integer     not null default 60 check (timeout_seconds between 1 and 600),
    -- Catalog models this connection serves go through it rather than through the platform's connection.
    preferred         boolean     not null default true,
    updated_by        text        not null,
    updated_at        timestamptz not null default now(),
    unique (organization_id, kind)
);

create trigger organization_connection_changed after insert or update or delete on organization_connection
    for each statement execute function notify_reference_changed();
create trigger organization_connection_truncated after truncate on organization_connection
    for each statement execute function notify_reference_changed();
