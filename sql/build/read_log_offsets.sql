-- The log's own offsets (Kafka) stored with the checkpoint a build starts
-- from: its consumer seeks there. Null for the embedded log.
select
  log_offsets as log_offsets
from build_checkpoint;
