-- Which webhook events each alert channel receives (all of them unless its admin chooses fewer), and the
-- reconciliation mismatches already announced, so that each is announced once however often the sync re-runs.

alter table alert_channel
    add column events text[] not null
        default array ['budget.threshold_crossed', 'budget.forecast_exceeds', 'invoice.issued', 'reconciliation.mismatch'],
    add constraint alert_channel_events_known check (events <@ array ['budget.threshold_crossed', 'budget.forecast_exceeds',
        'invoice.issued', 'reconciliation.mismatch']);

create table reconciliation_notice (
    account_id  bigint      not null references provider_account (id) on delete cascade,
    day         date        not null,
    model       text        not null,
    notified_at timestamptz not null,
    primary key (account_id, day, model)
);
