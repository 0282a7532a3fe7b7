-- An organization may have its invoice lines split by team (each team's usage on lines of its own).
alter table organization add column invoice_lines_by_team boolean not null default false;
