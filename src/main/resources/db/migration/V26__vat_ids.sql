-- Finance-grade invoices: the customer's VAT id on the organization, copied onto each document it is billed on.

alter table organization
    add column vat_id text check (vat_id ~ '^[A-Z]{2}[A-Z0-9]{2,13}$');

alter table invoice
    add column billing_vat_id text;

-- An issued document stays frozen whatever columns it has or gains: every column but the four that record
-- payment and voiding must stay as it was (the list of V6 named each column and would miss new ones).
create or replace function invoice_frozen() returns trigger language plpgsql as $$
begin
    if old.status = 'DRAFT' then
        return new;
    end if;
    if ((old.status = 'ISSUED' and new.status = 'PAID' and new.paid_date is not null)
        or (old.status in ('ISSUED', 'PAID') and new.status = 'VOID'))
       and to_jsonb(new) - array['status', 'paid_date', 'paid_reference', 'void_reason']
           = to_jsonb(old) - array['status', 'paid_date', 'paid_reference', 'void_reason'] then
        return new;
    end if;
    raise exception 'invoice % is % and cannot be changed', old.id, old.status using errcode = 'check_violation';
end $$;

-- Documents write numbers and dates as the screens do, whatever the organization: its document locale goes.
alter table organization drop column locale;
