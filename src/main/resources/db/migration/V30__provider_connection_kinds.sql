-- Connections beyond one per built-in provider: any number of OpenAI-compatible servers (each its own catalog
-- provider, named by the connection, whose models and prices live in the catalog), and Azure OpenAI, whose
-- deployments each serve a catalog model and are priced as that model.
alter table provider_connection add column kind text;
update provider_connection set kind = provider_code;
alter table provider_connection alter column kind set not null;
alter table provider_connection add constraint provider_connection_kind_check
    check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama', 'demo', 'azure', 'compatible'));
-- The name an admin gave a compatible connection ("Groq"); the provider code is its lower case.
alter table provider_connection add column display_name text check (length(trim(display_name)) between 1 and 100);
-- Azure's api-version query parameter.
alter table provider_connection add column api_version text check (api_version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$');
-- Catalog models this connection serves are called through it rather than through their own provider.
alter table provider_connection add column preferred boolean not null default false;

create table connection_deployment (
    provider_code text   not null references provider_connection (provider_code) on delete cascade,
    deployment    text   not null check (deployment ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    model_id      bigint not null references model (id),
    primary key (provider_code, deployment)
);

create trigger connection_deployment_changed after insert or update or delete on connection_deployment
    for each statement execute function notify_reference_changed();
create trigger connection_deployment_truncated after truncate on connection_deployment
    for each statement execute function notify_reference_changed();
