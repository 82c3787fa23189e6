-- The events this build reads from the log, loaded in bulk by the appender.
-- A temporary table: it is never part of the published warehouse.
create or replace temp table raw_events (
  seq bigint not null,
  id varchar not null,
  type varchar not null,
  v integer not null,
  source varchar not null,
  key varchar not null,
  as_at varchar,
  file varchar not null,
  sha256 varchar not null,
  line bigint not null,
  data json not null
);
