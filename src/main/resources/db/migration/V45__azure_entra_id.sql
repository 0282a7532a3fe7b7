-- Azure OpenAI with Microsoft Entra ID client credentials instead of an API key: the tenant and the application
-- (client) id, identifiers rather than secrets; the client secret is sealed as the connection's key in
-- provider_connection, as every key is. A connection without a row here authenticates with its API key.
create table azure_entra_id (
    provider_code text primary key references provider_connection (provider_code) on delete cascade,
    -- A tenant id (a GUID) or one of the tenant's domains (contoso.onmicrosoft.com).
    tenant_id     text not null check (tenant_id ~* '^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$'),
    client_id     text not null check (client_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
);

create trigger azure_entra_id_changed after insert or update or delete on azure_entra_id
    for each statement execute function notify_reference_changed();
create trigger azure_entra_id_truncated after truncate on azure_entra_id
    for each statement execute function notify_reference_changed();
