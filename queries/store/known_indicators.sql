-- Codes and measure kinds of the indicators already stored, for validating references and ranges.
select code, measure from indicators
