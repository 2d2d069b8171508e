"""The one error type that bad input raises: it names the file, line, record and reason."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """Bad curated data; str() is one line: ``file:line: record 'id': reason``."""

    def __init__(self, reason: str, file: Path | str | None = None, line: int | None = None,
                 record: str | None = None) -> None:
        self.reason, self.file, self.line, self.record = reason, file, line, record
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line else f"{file}: "
        who = f"record '{record}': " if record else ""
        super().__init__(f"{where}{who}{reason}")
