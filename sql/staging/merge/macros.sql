-- What a 'newest-field' staging model stages for each field of an event: null
-- when the event does not carry the field, else a one-element list holding its
-- value (a list holding null when the event clears the field). The fold
-- (staging/merge/newest_field.sql) keeps each field's newest list.
-- data is the event's JSON payload; path a JSON path such as '$.receivedDate'.
-- (data -> path) is written the same way each time so that DuckDB extracts it
-- from the payload once per field.

create or replace temp macro carried(field, value) as
  case when field is not null then [value] end;

create or replace temp macro carried_text(data, path) as
  carried(data -> path, (data -> path) ->> '$');

create or replace temp macro carried_integer(data, path) as
  carried(data -> path, try_cast((data -> path) ->> '$' as integer));

-- A 0/1 indicator, true for 1.
create or replace temp macro carried_flag(data, path) as
  carried(data -> path, try_cast((data -> path) ->> '$' as integer) = 1);

create or replace temp macro carried_date(data, path) as
  carried(data -> path, try_cast((data -> path) ->> '$' as date));

-- A month written YYYY-MM, as the first day of the month.
create or replace temp macro carried_month(data, path) as
  carried(data -> path, try_cast(((data -> path) ->> '$') || '-01' as date));
