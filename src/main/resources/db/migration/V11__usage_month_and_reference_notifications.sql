-- Tokens per organization and month (of its local days), in one row beside the rollups: the recording
-- transaction locks it, prices each call's volume tier from it and adds the call's tokens, so concurrent
-- recordings are priced as if one came after the other. Always the sum of the month's usage_daily rows.
create table usage_month (
    organization_id  bigint not null references organization (id),
    month            date   not null check (extract(day from month) = 1),
    total_tokens     bigint not null check (total_tokens >= 0),
    primary key (organization_id, month)
);
insert into usage_month (organization_id, month, total_tokens)
select organization_id, date_trunc('month', day)::date, sum(total_tokens) from usage_daily group by 1, 2;

-- Every instance caches reference data (prices, terms, keys, members) and drops it when its table changes:
-- each statement that changes one notifies channel reference_changed with the table's name, on commit.
create function notify_reference_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('reference_changed', tg_table_name);
    return null;
end
$$;

create trigger provider_changed after insert or update or delete on provider
    for each statement execute function notify_reference_changed();
create trigger model_changed after insert or update or delete on model
    for each statement execute function notify_reference_changed();
create trigger model_alias_changed after insert or update or delete on model_alias
    for each statement execute function notify_reference_changed();
create trigger model_price_changed after insert or update or delete on model_price
    for each statement execute function notify_reference_changed();
create trigger exchange_rate_changed after insert or update or delete on exchange_rate
    for each statement execute function notify_reference_changed();
create trigger volume_tier_changed after insert or update or delete on volume_tier
    for each statement execute function notify_reference_changed();
create trigger organization_changed after insert or update or delete on organization
    for each statement execute function notify_reference_changed();
-- Not on every sign-in or key use: only the columns the caches hold.
create trigger app_user_changed after insert or delete or update of organization_id, email on app_user
    for each statement execute function notify_reference_changed();
create trigger api_key_changed after insert or delete or update of organization_id, secret_hash, expires_at, revoked_at
    on api_key for each statement execute function notify_reference_changed();

create trigger provider_truncated after truncate on provider for each statement execute function notify_reference_changed();
create trigger model_truncated after truncate on model for each statement execute function notify_reference_changed();
create trigger model_alias_truncated after truncate on model_alias for each statement execute function notify_reference_changed();
create trigger model_price_truncated after truncate on model_price for each statement execute function notify_reference_changed();
create trigger exchange_rate_truncated after truncate on exchange_rate for each statement execute function notify_reference_changed();
create trigger volume_tier_truncated after truncate on volume_tier for each statement execute function notify_reference_changed();
create trigger organization_truncated after truncate on organization for each statement execute function notify_reference_changed();
create trigger app_user_truncated after truncate on app_user for each statement execute function notify_reference_changed();
create trigger api_key_truncated after truncate on api_key for each statement execute function notify_reference_changed();
