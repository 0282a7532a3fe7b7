-- Google Vertex AI: one connection whose key is a service account's JSON key (sealed like every key), called in a
-- project and a region. The kind check lists Bedrock's kind too, so that this migration runs after V31 wherever
-- Bedrock connections exist.
alter table provider_connection drop constraint provider_connection_kind_check;
alter table provider_connection add constraint provider_connection_kind_check
    check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama', 'demo', 'azure', 'compatible', 'bedrock',
                    'vertex'));

create table vertex_connection (
    provider_code text primary key references provider_connection (provider_code) on delete cascade,
    project       text not null check (project ~ '^[a-z][a-z0-9-]{4,61}[a-z0-9]$'),
    region        text not null check (region ~ '^[a-z][a-z0-9-]{1,40}$')
);

create trigger vertex_connection_changed after insert or update or delete on vertex_connection
    for each statement execute function notify_reference_changed();
create trigger vertex_connection_truncated after truncate on vertex_connection
    for each statement execute function notify_reference_changed();
