-- Writes a staging model's merge: the records of {{model}} this build touched
-- (_touched, by {{key}}) are replaced by their merged rows (_merged), and
-- _delta_{{model}} holds the touched records before ('old') and after ('new')
-- for the models downstream, which recompute only what those reach.

create or replace temp table _delta_{{model}} as
select 'old' as version, s.*
from {{model}} as s
semi join _touched using ({{key}});

delete from {{model}}
where ({{key}}) in (select {{key}} from _touched);

insert into {{model}} by name
select * from _merged;

insert into _delta_{{model}} by name
select 'new' as version, * from _merged;

drop table if exists _staged;

drop table _touched;

drop table _merged;
