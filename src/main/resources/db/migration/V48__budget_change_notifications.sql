-- The gate remembers budgets it found used up (to refuse the next calls without a round trip): every instance forgets
-- them when a budget is created, edited or deleted anywhere, by the NOTIFY of V11's notify_reference_changed().
create trigger budget_changed after insert or update or delete on budget
    for each statement execute function notify_reference_changed();
create trigger budget_truncated after truncate on budget for each statement execute function notify_reference_changed();
