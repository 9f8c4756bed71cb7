"""The meeting pack: the board, tasks past their deadline and villages without signal as an Excel workbook, a 16:9
slide deck and an A4 landscape PDF to print.

All three exports take the frames the board page already holds (labels and colours are in them; nq57.board.pack_inputs
makes them) and return bytes for a download button. Every text goes through `neutralise`, so a name typed into a
return such as '=HYPERLINK(...)' is shown as text and never runs as a formula in Excel, LibreOffice or a spreadsheet a
slide table is pasted into.
"""

from nq57.pack.common import (
    BOARD_COLUMNS,
    HISTORY_COLUMNS,
    NO_TASKS,
    SAMPLE_LABEL,
    SAMPLE_WARNING,
    TASK_COLUMNS,
    TASKS_TITLE,
    VILLAGE_COLUMNS,
)
from nq57.pack.pdf import FONT_DIR, board_pdf
from nq57.pack.slides import board_slides
from nq57.pack.xlsx import board_workbook

__all__ = [
    "board_workbook", "board_slides", "board_pdf", "BOARD_COLUMNS", "HISTORY_COLUMNS", "TASK_COLUMNS",
    "VILLAGE_COLUMNS", "TASKS_TITLE", "NO_TASKS", "SAMPLE_LABEL", "SAMPLE_WARNING", "FONT_DIR",
]  # fmt: skip
