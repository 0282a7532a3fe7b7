-- Prepaid credits (module credits). An organization without a wallet row is POSTPAID: invoiced after the fact, as
-- before. Amounts are in the organization's billing currency, at 6 decimals.
create table wallet (
    organization_id     bigint        primary key references organization (id),
    mode                text          not null default 'POSTPAID' check (mode in ('POSTPAID', 'PREPAID', 'MIXED')),
    -- when the balance falls below auto_top_up_below, a top-up of auto_top_up_amount is issued (both or neither)
    auto_top_up_below   numeric(18,6) check (auto_top_up_below >= 0),
    auto_top_up_amount  numeric(18,6) check (auto_top_up_amount > 0),
    low_balance_at      numeric(18,6) check (low_balance_at >= 0),
    -- the sum of the grants' remaining amounts, and of the wallet's entries
    balance             numeric(18,6) not null default 0 check (balance >= 0),
    check ((auto_top_up_below is null) = (auto_top_up_amount is null))
);

-- Credit given to an organization: paid (a top-up invoice that was paid) or free. Usage takes from remaining.
create table wallet_grant (
    id               bigint        generated always as identity primary key,
    organization_id  bigint        not null references wallet (organization_id),
    kind             text          not null check (kind in ('PAID', 'FREE')),
    amount           numeric(18,6) not null check (amount > 0),
    remaining        numeric(18,6) not null check (remaining >= 0 and remaining <= amount),
    -- null: never expires
    expires_at       timestamptz,
    -- lower is used first, among grants that expire at the same moment
    priority         int           not null default 0,
    note             text,
    invoice_id       bigint,
    idempotency_key  text          not null,
    granted_at       timestamptz   not null,
    unique (organization_id, idempotency_key)
);
create index wallet_grant_usable_idx on wallet_grant (organization_id) where remaining > 0;
create index wallet_grant_expiring_idx on wallet_grant (expires_at) where remaining > 0 and expires_at is not null;

-- The wallet's ledger: every change of a balance, signed (grants positive; consumption and expiry negative).
-- The balance at any moment is the sum of the entries up to it.
create table wallet_entry (
    id               bigint        generated always as identity primary key,
    organization_id  bigint        not null references wallet (organization_id),
    grant_id         bigint        references wallet_grant (id),
    kind             text          not null check (kind in ('GRANT', 'CONSUMPTION', 'EXPIRY')),
    amount           numeric(18,6) not null check (amount <> 0),
    balance_after    numeric(18,6) not null check (balance_after >= 0),
    usage_event_id   uuid,
    invoice_id       bigint,
    idempotency_key  text          not null,
    occurred_at      timestamptz   not null,
    unique (organization_id, idempotency_key)
);
create index wallet_entry_organization_idx on wallet_entry (organization_id, id);
create index wallet_entry_event_idx on wallet_entry (usage_event_id) where usage_event_id is not null;
create index wallet_entry_consumption_idx on wallet_entry (organization_id, occurred_at) where kind = 'CONSUMPTION';

create trigger wallet_entry_append_only before update or delete on wallet_entry
    for each statement execute function refuse_ledger_change();

-- The worst case of a prepaid organization's calls in flight, held against its balance (like budget_reservation).
create table wallet_reservation (
    call_id          uuid          primary key,
    organization_id  bigint        not null references wallet (organization_id),
    amount           numeric(18,6) not null check (amount >= 0),
    expires_at       timestamptz   not null
);
create index wallet_reservation_organization_idx on wallet_reservation (organization_id, expires_at);

-- Each instance caches the organizations' modes (the recording path asks for every event): a change of mode, or a
-- new or removed wallet, drops the caches (see V11).
create trigger wallet_changed after insert or delete or update of mode on wallet
    for each statement execute function notify_reference_changed();
create trigger wallet_truncated after truncate on wallet for each statement execute function notify_reference_changed();
