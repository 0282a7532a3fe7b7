-- The gateway reads an organization's allowed models and the provider connections on every call: instances keep
-- them in their reference caches, dropped on every instance by the NOTIFY of V11's notify_reference_changed().
create trigger allowed_model_changed after insert or update or delete on allowed_model
    for each statement execute function notify_reference_changed();
create trigger provider_connection_changed after insert or update or delete on provider_connection
    for each statement execute function notify_reference_changed();
create trigger allowed_model_truncated after truncate on allowed_model for each statement execute function notify_reference_changed();
create trigger provider_connection_truncated after truncate on provider_connection
    for each statement execute function notify_reference_changed();
