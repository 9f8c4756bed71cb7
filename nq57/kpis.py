"""The headline figures of the overview, in the order a meeting reads them."""

# (indicator code, short label for a KPI card)
HEADLINE = (
    ("NV_HOANTHANH", "Nhiệm vụ được giao đã hoàn thành"),
    ("GRDP_TANGTRUONG", "Tăng trưởng GRDP"),
    ("BAN_CHUA_BRDD", "Bản chưa có băng rộng di động"),
    ("THON_CHUA_CAPQUANG", "Thôn, bản chưa có cáp quang"),
    ("SK_DANGKY", "Sáng kiến, mô hình đột phá đăng ký"),
    ("XLVB_DIENTU_HANG", "Xếp hạng xử lý văn bản điện tử"),
    ("DLDV_CHUANHOA_HANG", "Xếp hạng chuẩn hóa dữ liệu đảng viên"),
    ("NV_HOANTHANH_QUAHAN", "Nhiệm vụ hoàn thành quá hạn"),
)

# Figures shown under a headline card because the documents report them together.
COMPANIONS = {
    "NV_HOANTHANH": (),
    "GRDP_TANGTRUONG": ("GRDP_HANG_CANUOC", "GRDP_HANG_VUNG"),
    "BAN_CHUA_BRDD": ("BAN_CHUA_BRDD_DIEN",),
    "SK_DANGKY": ("SK_THUNGHIEM",),
}

PROVINCE = "12"
