-- The checkpoint: the log position this build read up to, written in the same
-- transaction as the rows it produced.
delete from build_checkpoint;

insert into build_checkpoint by name
select
  cast($log_position as bigint) as log_position,
  cast($definitions_hash as varchar) as definitions_hash;
