-- An alert stays in the history when its budget is deleted: the alert keeps its organization and the
-- budget's name, and only loses the link to the budget.
alter table budget_alert
    add column organization_id bigint references organization (id),
    add column budget_name     text;

update budget_alert a set organization_id = b.organization_id, budget_name = b.name
from budget b where b.id = a.budget_id;

alter table budget_alert
    alter column organization_id set not null,
    alter column budget_name set not null,
    alter column budget_id drop not null,
    drop constraint budget_alert_budget_id_fkey,
    add constraint budget_alert_budget_id_fkey foreign key (budget_id) references budget (id) on delete set null;

create index budget_alert_organization_idx on budget_alert (organization_id, created_at);
