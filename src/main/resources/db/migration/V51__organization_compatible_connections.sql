-- An organization may bring its own OpenAI-compatible servers (a team's vLLM, its own Groq key), any number of them,
-- each named by its admin: "acme:groq". Its models are a catalog provider of that same code, priced by the
-- organization's admin or unpriced, and only that organization may use them.
alter table organization_connection drop constraint organization_connection_kind_check;
alter table organization_connection add constraint organization_connection_kind_check
    check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama', 'azure', 'compatible'));
alter table organization_connection drop constraint organization_connection_code_check;
alter table organization_connection add constraint organization_connection_code_check
    check (code ~ '^[a-z0-9-]+:[a-z][a-z0-9-]{0,39}$');
alter table organization_connection drop constraint organization_connection_organization_id_kind_key;
create unique index organization_connection_one_per_kind on organization_connection (organization_id, kind)
    where kind <> 'compatible';

alter table provider drop constraint provider_code_check;
alter table provider add constraint provider_code_check
    check (code ~ '^[a-z0-9][a-z0-9_.-]{0,39}(:[a-z][a-z0-9-]{0,39})?$');
