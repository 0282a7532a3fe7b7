-- Several connections of one kind (issue 26/27): a platform admin names a second OpenAI key "openai-eu", so a
-- connection's code is no longer always a catalog provider's code (its calls are still priced as its kind's models).
alter table provider_connection drop constraint provider_connection_provider_code_fkey;
