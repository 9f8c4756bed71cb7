-- Remove from the maintained provincial series every (indicator, period) pair an upload of indicators or documents
-- can have changed, before current/add_touched_series computes them again (inside its commit, after
-- current/add_committed_observations): every pair of an indicator it defined (its level, its measure), every pair it
-- wrote observations of, and every pair with a current observation citing a document it defined (its date). The
-- catalogue rows an upload wrote carry its id, and it removes none (they are replaced, never deleted). An upload of
-- units computes the series whole instead (nq57.current).
-- Parameters: $upload_id (integer).
delete from board_series_rows as s
where
    s.indicator_code in (select code from indicators where upload_id = $upload_id)
    or exists (
        select 1
        from observations as k
        where k.upload_id = $upload_id and k.indicator_code = s.indicator_code and k.period = s.period
    )
    or exists (
        select 1
        from current_observations as c
        where
            c.indicator_code = s.indicator_code
            and c.period = s.period
            and c.source_doc in (select code from documents where upload_id = $upload_id)
    )
