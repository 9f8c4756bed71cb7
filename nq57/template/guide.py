"""The sheet “Hướng dẫn” of a return template: who reports what for which month, by when, and how to fill it in."""

import datetime as dt

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from nq57 import fmt, workbook_format, xlsx_style, xlsx_text
from nq57.template import table
from nq57.template.sheets import OBS, TASKS, VILLAGES, TemplateContent


def instructions(content: TemplateContent, today: dt.date) -> list[tuple[str, str]]:
    """The lines of the sheet “Hướng dẫn”, each with its style: title, heading or text."""
    sheets = [f"“{OBS.title}” ({len(content.indicators)} chỉ tiêu)", f"“{TASKS.title}” ({len(content.tasks)} nhiệm vụ)"]
    if content.villages is not None:
        sheets.append(f"“{VILLAGES.title}” ({len(content.villages)} thôn, bản)")
    lines = [
        ("title", "MẪU BÁO CÁO THÁNG THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW TỈNH LAI CHÂU"),
        ("text", f"Đơn vị báo cáo: {content.unit_name} (mã {content.unit_code})."),
        (
            "text",
            f"Kỳ báo cáo: {content.period.label} (từ {fmt.date(content.period.start)} "
            f"đến {fmt.date(content.period.end)}).",
        ),
        (
            "text",
            f"Hạn nộp: chậm nhất ngày {fmt.date(content.due)}. Theo Kế hoạch 351-KH/TU, báo cáo tiến độ gửi "
            "trước ngày 30 hằng tháng (tháng Hai: ngày cuối tháng).",
        ),
        (
            "text",
            f"Mẫu tạo ngày {fmt.date(today)} từ số liệu đang lưu trên Bảng theo dõi; gồm các trang "
            + ", ".join(sheets)
            + ".",
        ),
        ("heading", "Cách điền"),
        (
            "text",
            "• Chỉ điền vào các ô nền vàng. Các ô nền xám (mã, tên, mục tiêu, số liệu kỳ trước) đã khóa, không sửa "
            "được. Không đổi tên trang, không thêm, xóa hoặc đổi tên cột.",
        ),
        (
            "text",
            f"• Trang “{OBS.title}”: mỗi dòng là một chỉ tiêu đơn vị phải báo cáo. Ghi số liệu của tháng vào cột "
            "“Giá trị”. Với chỉ tiêu tỷ lệ có thể ghi “Tử số” và “Mẫu số”, hệ thống tự tính tỷ lệ. Chỉ tiêu chưa "
            "có số liệu trong tháng thì để trống cả dòng.",
        ),
        (
            "text",
            f"• Trang “{TASKS.title}”: chọn “Trạng thái” trong danh sách (Chưa triển khai, Đang thực hiện, Đã hoàn "
            "thành). Nhiệm vụ đã hoàn thành phải ghi “Ngày hoàn thành”; “Tiến độ (%)” ghi phần trăm công việc đã "
            "làm, từ 0 đến 100. Các ô đã điền sẵn là báo cáo gần nhất: sửa nếu có thay đổi.",
        ),
    ]
    if content.villages is not None:
        lines.append(
            (
                "text",
                f"• Trang “{VILLAGES.title}”: chọn “Sóng di động” (Không có sóng, Sóng chập chờn, 3G, 4G, 5G), "
                "“Cáp quang” và “Điện lưới” (Có/Không) cho từng thôn, bản; các ô đã điền sẵn là hiện trạng đang "
                "lưu, sửa nếu có thay đổi. Thôn, bản chưa có trong danh sách: ghi tên và hiện trạng vào các dòng "
                "trống cuối bảng, để trống mã thôn, bản và mã xã (hệ thống tự cấp mã).",
            )
        )
    lines += [
        (
            "text",
            "• Cách ghi số: dấu phẩy ngăn phần thập phân, dấu chấm ngăn hàng nghìn, ví dụ 45,5 hoặc 1.234. "
            "Tỷ lệ ghi số phần trăm, ví dụ 45,5 hoặc 45,5% (không ghi 0,455).",
        ),
        ("text", "• Cách ghi ngày: ngày/tháng/năm, ví dụ 30/6/2026."),
        (
            "text",
            f"• Trang “{workbook_format.INFO.title}”: ghi họ và tên người lập vào ô "
            f"“{workbook_format.INFO_FIELDS['prepared_by']}”; "
            "không sửa mã đơn vị và kỳ báo cáo.",
        ),
        ("heading", "Nộp báo cáo"),
        (
            "text",
            "• Lưu tệp (định dạng .xlsx) rồi tải lên ở trang “Nộp báo cáo” của Bảng theo dõi. Hệ thống kiểm tra "
            "toàn bộ tệp, chỉ rõ ô nào cần sửa và cho xem trước các thay đổi.",
        ),
        (
            "text",
            "• Chưa có gì được ghi vào hệ thống cho đến khi người nộp xem trước và bấm xác nhận. Nếu cần sửa sau "
            "khi đã nộp, tải lên tệp đã sửa cho cùng tháng: số liệu mới thay số liệu cũ, số liệu cũ vẫn lưu lịch sử.",
        ),
    ]
    return lines


def write(ws: Worksheet, content: TemplateContent, today: dt.date) -> None:
    xlsx_style.set_width(ws, 1, 110)
    row = 1
    for style, text in instructions(content, today):
        if style == "heading":
            row += 1
        cell = xlsx_text.put(ws, row, 1, text)
        cell.alignment = xlsx_style.WRAP_TOP
        if style == "title":
            cell.font = Font(name=table.FONT, bold=True, size=14)
            row += 1
        elif style == "heading":
            cell.font = Font(name=table.FONT, bold=True, size=12)
        else:
            count = table.lines(text, 110)
            if count > 1:
                ws.row_dimensions[row].height = 15 * count + 3
        row += 1
    table.protect(ws)
    table.page(ws, table=False)
