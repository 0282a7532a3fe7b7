-- Several connections of one kind (issue 26/27): a platform admin names a second OpenAI key "openai-eu", so a
-- connection's code is no longer always a catalog provider's code (its calls are still priced as its kind's models).
alter table provider_connection drop constraint provider_connection_provider_code_fkey;

-- An organization may bring its own Azure OpenAI resource too: its api-version and its deployments as its admin lists
-- them (prod-4o=gpt-4o,mini=gpt-4o-mini), each served and priced as that OpenAI catalog model.
alter table organization_connection drop constraint organization_connection_kind_check;
alter table organization_connection add constraint organization_connection_kind_check
    check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama', 'azure'));
alter table organization_connection add column api_version text check (api_version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$');
alter table organization_connection add column deployments text check (length(deployments) <= 20000);
