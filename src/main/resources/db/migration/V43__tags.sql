-- Tags of a call (x-tokentally-tags, OpenAI's metadata, the ingest API's tags): a JSON object of string values,
-- null for none. On the event itself, not in a side table: an event's tags never change (the ledger is append-only),
-- one row keeps the insert a single statement, and "events carrying project=atlas" is one containment test
-- (tags @> '{"project":"atlas"}') that the GIN index answers; jsonb_path_ops keeps that index small (it serves @> only,
-- the one operator used). Untagged events (most) stay out of the index.
alter table usage_event
    add column tags jsonb check (jsonb_typeof(tags) = 'object');
create index usage_event_tags_idx on usage_event using gin (tags jsonb_path_ops) where tags is not null;

-- A budget on a tag: the spend of the organization's events carrying tag_key=tag_value.
alter table budget
    drop constraint budget_scope_check,
    add constraint budget_scope_check check (scope in ('ORGANIZATION', 'USER', 'AGENT', 'TEAM', 'API_KEY', 'TAG')),
    add column tag_key   text check (tag_key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    add column tag_value text check (tag_value ~ '^[A-Za-z0-9_.:/@+-]{1,128}$'),
    add check ((scope = 'TAG') = (tag_key is not null and tag_value is not null));
