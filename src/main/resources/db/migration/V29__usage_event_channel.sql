-- How each call reached its model: the wire format it was made in and the connection that served it. Null on the
-- events recorded before (the ledger is append-only: they are not filled in afterwards).
alter table usage_event
    add column wire_format text check (length(wire_format) between 1 and 200),
    add column connection  text check (length(connection) between 1 and 200);

-- The same view with the two columns at its end.
create or replace view usage_event_current as
select e.id, e.organization_id, e.user_id, e.external_user, e.agent, e.session_ref, e.message_ref, e.provider, e.model,
       case when c.id is null then e.model_id else c.model_id end as model_id,
       e.input_tokens, e.cached_input_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.output_tokens,
       e.reasoning_tokens, e.request_count, e.estimated, e.provider_cost_usd,
       case when c.id is null then e.raw_cost_usd else c.raw_cost_usd end as raw_cost_usd,
       case when c.id is null then e.billed_cost else c.billed_cost end as billed_cost,
       e.billed_currency,
       case when c.id is null then e.price_version_id else c.price_version_id end as price_version_id,
       e.source, e.idempotency_key, e.occurred_at, e.recorded_at, e.metadata, e.team_id, e.api_key_id,
       e.wire_format, e.connection
from usage_event e
     left join (select * from usage_correction c
                where not exists (select from usage_correction later where later.event_id = c.event_id and later.id > c.id)) c
               on c.event_id = e.id;
