-- Empty the maintained current observations, before a whole rebuild (nq57.current.rebuild).
delete from current_observation_rows
