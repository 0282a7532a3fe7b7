-- The ledger is append-only: a usage_event row never changes after its insert. What used to be written into
-- it later lives in tables of its own: re-pricings as correction rows, and which document billed an event.

-- A re-pricing of one event: its costs, price and catalog model from then on. The latest correction of an
-- event (highest id) holds; earlier ones and the event's own figures stay as they were, for the record.
create table usage_correction (
    id                bigint      generated always as identity primary key,
    event_id          uuid        not null references usage_event (id),
    raw_cost_usd      numeric     not null,
    -- null while the billing currency has no exchange rate, as on the event
    billed_cost       numeric,
    price_version_id  bigint      references model_price (id),
    model_id          bigint      references model (id),
    reason            text        not null check (reason <> ''),
    corrected_at      timestamptz not null default now()
);
create index usage_correction_event_idx on usage_correction (event_id, id);

-- Each event as it stands: its own row with the figures of its latest correction, if any. Every reader of an
-- event's costs, price version or catalog model reads this view, never usage_event's recorded figures.
create view usage_event_current as
select e.id, e.organization_id, e.user_id, e.external_user, e.agent, e.session_ref, e.message_ref, e.provider, e.model,
       case when c.id is null then e.model_id else c.model_id end as model_id,
       e.input_tokens, e.cached_input_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.output_tokens,
       e.reasoning_tokens, e.request_count, e.estimated, e.provider_cost_usd,
       case when c.id is null then e.raw_cost_usd else c.raw_cost_usd end as raw_cost_usd,
       case when c.id is null then e.billed_cost else c.billed_cost end as billed_cost,
       e.billed_currency,
       case when c.id is null then e.price_version_id else c.price_version_id end as price_version_id,
       e.source, e.idempotency_key, e.occurred_at, e.recorded_at, e.metadata, e.team_id, e.api_key_id
from usage_event e
     left join (select * from usage_correction c
                where not exists (select from usage_correction later where later.event_id = c.event_id and later.id > c.id)) c
               on c.event_id = e.id;

-- Which issued document billed an event. Issuing adds the rows, voiding the document takes them away again;
-- an event without a row is not billed yet.
create table invoiced_usage (
    event_id    uuid   primary key references usage_event (id),
    invoice_id  bigint not null
);
create index invoiced_usage_invoice_idx on invoiced_usage (invoice_id);

insert into invoiced_usage (event_id, invoice_id)
select id, invoice_id from usage_event where invoice_id is not null;

alter table usage_event drop column invoice_id;

-- The database refuses any change to a ledger row (TRUNCATE, which fires no row or statement trigger of
-- these kinds, still empties the tables).
create function refuse_ledger_change() returns trigger language plpgsql as $$
begin
    raise exception '% rows never change after insert: a correction is a new row', tg_table_name
        using errcode = 'restrict_violation';
end $$;

create trigger usage_event_append_only before update or delete on usage_event
    for each statement execute function refuse_ledger_change();
create trigger usage_correction_append_only before update or delete on usage_correction
    for each statement execute function refuse_ledger_change();
