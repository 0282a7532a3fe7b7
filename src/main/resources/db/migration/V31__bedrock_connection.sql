-- AWS Bedrock: one connection called in an AWS region, with an access key pair (its secret sealed like every key, in
-- provider_connection) or, without one, the default AWS credential chain of the machine Tokentally runs on.
alter table provider_connection drop constraint provider_connection_kind_check;
alter table provider_connection add constraint provider_connection_kind_check
    check (kind in ('openai', 'anthropic', 'openrouter', 'google', 'ollama', 'demo', 'azure', 'compatible', 'bedrock'));

create table bedrock_connection (
    provider_code text primary key references provider_connection (provider_code) on delete cascade,
    region        text not null check (region ~ '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$'),
    -- An access key id is an identifier, not a secret (AWS prints it in logs); null: the default credential chain.
    access_key_id text check (access_key_id ~ '^[A-Z0-9]{16,128}$')
);

create trigger bedrock_connection_changed after insert or update or delete on bedrock_connection
    for each statement execute function notify_reference_changed();
create trigger bedrock_connection_truncated after truncate on bedrock_connection
    for each statement execute function notify_reference_changed();
