-- stg_cases__requests: the current record of every request.
-- Case events carry only the fields they set: per field, the newest event
-- (highest seq) that carries it wins, a JSON null clearing the field. This
-- build's events are folded per request, then laid over the record earlier
-- builds folded (every event read now is newer than those). The touched
-- records, before and after, go to _delta_stg_cases__requests for the facts.

create or replace temp table _batch_cases as
with case_events as (
  select
    data ->> '$.requestId' as request_id,
    seq as seq,
    data as data
  from raw_events
  where list_contains($event_types, type)
)
select
  request_id as request_id,
  max(seq) as last_seq,
  arg_max(data -> '$.person', seq) filter (where (data -> '$.person') is not null) as person,
  arg_max(data -> '$.upn', seq) filter (where (data -> '$.upn') is not null) as upn,
  arg_max(data -> '$.birthMonth', seq) filter (where (data -> '$.birthMonth') is not null) as birth_month,
  arg_max(data -> '$.sex', seq) filter (where (data -> '$.sex') is not null) as sex,
  arg_max(data -> '$.areaTeam', seq) filter (where (data -> '$.areaTeam') is not null) as area_team,
  arg_max(data -> '$.receivedDate', seq) filter (where (data -> '$.receivedDate') is not null) as received_date,
  arg_max(data -> '$.requestSource', seq) filter (where (data -> '$.requestSource') is not null) as request_source,
  arg_max(data -> '$.requestOutcome', seq) filter (where (data -> '$.requestOutcome') is not null) as request_outcome,
  arg_max(data -> '$.requestOutcomeDate', seq) filter (where (data -> '$.requestOutcomeDate') is not null) as request_outcome_date,
  arg_max(data -> '$.assessmentOutcome', seq) filter (where (data -> '$.assessmentOutcome') is not null) as assessment_outcome,
  arg_max(data -> '$.assessmentOutcomeDate', seq) filter (where (data -> '$.assessmentOutcomeDate') is not null) as assessment_outcome_date,
  arg_max(data -> '$.week20Exception', seq) filter (where (data -> '$.week20Exception') is not null) as week20_exception,
  arg_max(data -> '$.primaryNeed', seq) filter (where (data -> '$.primaryNeed') is not null) as primary_need,
  arg_max(data -> '$.planStartDate', seq) filter (where (data -> '$.planStartDate') is not null) as plan_start_date,
  arg_max(data -> '$.ceaseDate', seq) filter (where (data -> '$.ceaseDate') is not null) as cease_date,
  arg_max(data -> '$.ceaseReason', seq) filter (where (data -> '$.ceaseReason') is not null) as cease_reason,
  arg_max(data -> '$.lastReviewDate', seq) filter (where (data -> '$.lastReviewDate') is not null) as last_review_date
from case_events
where request_id is not null
group by request_id;

create or replace temp table _merged_cases as
select
  b.request_id as request_id,
  case when b.person is null then s.person else b.person ->> '$' end as person,
  case when b.upn is null then s.upn else b.upn ->> '$' end as upn,
  case when b.birth_month is null then s.birth_month else try_cast((b.birth_month ->> '$') || '-01' as date) end as birth_month,
  case when b.sex is null then s.sex else b.sex ->> '$' end as sex,
  case when b.area_team is null then s.area_team else b.area_team ->> '$' end as area_team,
  case when b.received_date is null then s.received_date else try_cast(b.received_date ->> '$' as date) end as received_date,
  case when b.request_source is null then s.request_source else b.request_source ->> '$' end as request_source,
  case when b.request_outcome is null then s.request_outcome else b.request_outcome ->> '$' end as request_outcome,
  case when b.request_outcome_date is null then s.request_outcome_date else try_cast(b.request_outcome_date ->> '$' as date) end as request_outcome_date,
  case when b.assessment_outcome is null then s.assessment_outcome else b.assessment_outcome ->> '$' end as assessment_outcome,
  case when b.assessment_outcome_date is null then s.assessment_outcome_date else try_cast(b.assessment_outcome_date ->> '$' as date) end as assessment_outcome_date,
  case when b.week20_exception is null then s.week20_exception else try_cast(b.week20_exception ->> '$' as integer) = 1 end as week20_exception,
  case when b.primary_need is null then s.primary_need else b.primary_need ->> '$' end as primary_need,
  case when b.plan_start_date is null then s.plan_start_date else try_cast(b.plan_start_date ->> '$' as date) end as plan_start_date,
  case when b.cease_date is null then s.cease_date else try_cast(b.cease_date ->> '$' as date) end as cease_date,
  case when b.cease_reason is null then s.cease_reason else b.cease_reason ->> '$' end as cease_reason,
  case when b.last_review_date is null then s.last_review_date else try_cast(b.last_review_date ->> '$' as date) end as last_review_date,
  b.last_seq as last_seq
from _batch_cases as b
left join stg_cases__requests as s
  on s.request_id = b.request_id;

create or replace temp table _delta_stg_cases__requests as
select 'old' as version, s.*
from stg_cases__requests as s
where s.request_id in (select request_id from _batch_cases);

delete from stg_cases__requests
where request_id in (select request_id from _batch_cases);

insert into stg_cases__requests by name
select * from _merged_cases;

insert into _delta_stg_cases__requests by name
select 'new' as version, * from _merged_cases;
