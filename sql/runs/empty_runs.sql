-- runs with no run records yet: an empty table (no runs file to read).
delete from runs;
