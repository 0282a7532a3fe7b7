-- Rotating a key: the new secret replaces the old one, which keeps working until the grace period ends.
-- Only hashes are kept; one previous secret per key (rotating again ends the older one at once).
alter table api_key add column previous_secret_hash text unique,
                    add column previous_secret_expires_at timestamptz,
                    add constraint api_key_previous_secret_has_an_end
                        check ((previous_secret_hash is null) = (previous_secret_expires_at is null));

drop trigger api_key_changed on api_key;
create trigger api_key_changed after insert or delete or update of organization_id, secret_hash, expires_at, revoked_at,
    team_id, previous_secret_hash, previous_secret_expires_at on api_key
    for each statement execute function notify_reference_changed();

-- An organization admin who closed Home's setup checklist before every step was done.
create table setup_checklist_dismissal (
    organization_id bigint      primary key references organization (id) on delete cascade,
    dismissed_at    timestamptz not null,
    dismissed_by    text        not null
);
