"""The codes the data, the Python and the SQL share, defined once: the province's unit code and the kinds of upload.

Queries reach them as bound parameters ($province, $baseline_kind, $return_kind, $sample_kind): the loader in
queries/ fills any of them a query names and the caller did not pass.
"""

PROVINCE = "12"  # Lai Châu's unit code in the units table: a figure of this unit is the province's

BASELINE = "baseline"  # the workbook built from the three documents (data/baseline.xlsx)
BULK = "bulk"  # an administrator's historical load spanning units and months
RETURN = "return"  # one unit's monthly return, uploaded by its clerk
SAMPLE = "sample"  # synthetic figures from `python -m nq57 sample`, marked on screen as sample data
KINDS = (BASELINE, BULK, RETURN, SAMPLE)
BASELINE_USER = "baseline"  # who `python -m nq57 init` records as having loaded the baseline workbook
KIND_LABELS = {BASELINE: "Dữ liệu gốc", RETURN: "Báo cáo tháng", BULK: "Nhập hàng loạt", SAMPLE: "Dữ liệu mẫu"}

SQL_PARAMS = {"province": PROVINCE, "baseline_kind": BASELINE, "return_kind": RETURN, "sample_kind": SAMPLE}
