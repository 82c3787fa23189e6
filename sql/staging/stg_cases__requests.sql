-- stg_cases__requests: the current record of every request.
-- Case events carry only the fields they set: per field, the newest event
-- (highest seq) that carries it wins, a JSON null clearing the field (the
-- 'newest-field' fold, staging/merge/newest_field.sql). One row per event:
-- its request, its seq and the fields it carries.

create or replace temp table _staged as
select
  data ->> '$.requestId' as request_id,
  seq as last_seq,
  carried_text(data, '$.person') as person,
  carried_text(data, '$.upn') as upn,
  carried_month(data, '$.birthMonth') as birth_month,
  carried_text(data, '$.sex') as sex,
  carried_text(data, '$.areaTeam') as area_team,
  carried_date(data, '$.receivedDate') as received_date,
  carried_text(data, '$.requestSource') as request_source,
  carried_text(data, '$.requestOutcome') as request_outcome,
  carried_date(data, '$.requestOutcomeDate') as request_outcome_date,
  carried_text(data, '$.assessmentOutcome') as assessment_outcome,
  carried_date(data, '$.assessmentOutcomeDate') as assessment_outcome_date,
  carried_flag(data, '$.week20Exception') as week20_exception,
  carried_text(data, '$.primaryNeed') as primary_need,
  carried_date(data, '$.planStartDate') as plan_start_date,
  carried_date(data, '$.ceaseDate') as cease_date,
  carried_text(data, '$.ceaseReason') as cease_reason,
  carried_date(data, '$.lastReviewDate') as last_review_date
from raw_events
where list_contains($event_types, type)
  and (data ->> '$.requestId') is not null;
