"""Problems found in a workbook, each worded in Vietnamese with its sheet, row and column."""

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    severity: str = ERROR

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Trang “{self.sheet}”")
        if self.row:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột “{self.column}”")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class WorkbookRejected(Exception):
    """The workbook cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
