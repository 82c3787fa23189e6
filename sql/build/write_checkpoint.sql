-- The checkpoint: the log position this build read up to (and, for Kafka, the
-- consumer's offsets there), written in the same transaction as the rows it produced.
delete from build_checkpoint;

insert into build_checkpoint by name
select
  cast($log_position as bigint) as log_position,
  cast($definitions_hash as varchar) as definitions_hash,
  cast($log_offsets as varchar) as log_offsets;
