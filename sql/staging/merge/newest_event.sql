-- The 'newest-event' fold of {{model}}: the newest event of a record (highest
-- seq) is the whole record. _staged holds the rows every event of this build
-- gives, last_seq being the event's seq; the records are keyed by {{key}}.

create or replace temp table _merged as
select *
from _staged
qualify last_seq = max(last_seq) over (partition by {{key}});

create or replace temp table _touched as
select {{key}}
from _merged;
