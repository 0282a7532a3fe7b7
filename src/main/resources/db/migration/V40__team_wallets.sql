-- Team wallets (issue 28: "each organization (and optionally a team) may have a credit balance"): prepaid credit of a
-- team of the organization, in the organization's billing currency. The team's grants, entries and holds live in the
-- organization's wallet tables with team_id set; the organization's own rows have team_id null.
-- No foreign key to team: the ledger is append-only, so a deleted team's wallet and entries stay (its credit with them).
create table team_wallet (
    team_id          bigint        primary key,
    organization_id  bigint        not null references wallet (organization_id),
    -- the sum of the team's grants' remaining amounts, and of the team's entries
    balance          numeric(18,6) not null default 0 check (balance >= 0)
);
create index team_wallet_organization_idx on team_wallet (organization_id);

alter table wallet_grant add column team_id bigint references team_wallet (team_id);
alter table wallet_entry add column team_id bigint references team_wallet (team_id);
alter table wallet_reservation add column team_id bigint references team_wallet (team_id);
create index wallet_grant_team_usable_idx on wallet_grant (team_id) where remaining > 0 and team_id is not null;
create index wallet_entry_team_idx on wallet_entry (team_id, id) where team_id is not null;
create index wallet_reservation_team_idx on wallet_reservation (team_id, expires_at) where team_id is not null;

-- Each instance caches which teams have a wallet (the gate and the recording path ask for every call).
create trigger team_wallet_changed after insert or delete on team_wallet
    for each statement execute function notify_reference_changed();
create trigger team_wallet_truncated after truncate on team_wallet for each statement execute function notify_reference_changed();

-- Credit an organization admin moves from the organization's wallet to a team's: an entry on each side.
alter table wallet_entry drop constraint wallet_entry_kind_check;
alter table wallet_entry add constraint wallet_entry_kind_check check (kind in ('GRANT', 'CONSUMPTION', 'EXPIRY', 'TRANSFER'));
