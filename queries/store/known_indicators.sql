-- Codes, measure kinds, reporters and jump bounds of the stored indicators, for validating a workbook.
select code, measure, level, reporter_code, jump_bound from indicators
