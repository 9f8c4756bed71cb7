-- Remove the indicators that the registered frame `incoming` defines again, before store/insert_indicators adds
-- them: in one transaction, the two take half the time of one "insert or replace" (as for villages).
delete from indicators
where code in (select code from incoming)
