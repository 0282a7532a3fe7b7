-- Raised when a user's access changes (deactivated, another role, a new password): every session
-- signed in under an older value is ended on its next request, on whichever instance it lives.
alter table app_user add column session_version integer not null default 0;
