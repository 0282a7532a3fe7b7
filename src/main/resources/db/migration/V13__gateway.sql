-- The gateway: calls it forwards are a usage source of their own, and API keys gain the settings that
-- bind a key to what it may do through the gateway. Every setting is optional.

alter table usage_event drop constraint usage_event_source_check;
alter table usage_event add constraint usage_event_source_check
    check (source in ('CHAT', 'API', 'SYNC', 'IMPORT', 'GATEWAY'));

alter table api_key
    -- What the key may be used for: reporting usage (ingest) and calling models through the gateway.
    add column scopes              text[]  not null default '{ingest,gateway}'
        check (scopes <@ array['ingest', 'gateway']::text[]),
    -- Catalog model names the key may call; null: whatever the organization allows.
    add column allowed_models      text[],
    -- The member and/or agent the key's gateway usage is attributed to (and whose budgets it meets).
    add column user_id             bigint  references app_user (id),
    add column agent_name          text    check (length(trim(agent_name)) between 1 and 100),
    add column requests_per_minute integer check (requests_per_minute > 0),
    add column tokens_per_minute   integer check (tokens_per_minute > 0);
