-- Where a warehouse file stands: its log position and definitions hash.
select
  log_position as log_position,
  definitions_hash as definitions_hash
from build_checkpoint;
