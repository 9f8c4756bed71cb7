"""Running a page so that an unexpected error shows a Vietnamese message while the log keeps the traceback."""

import logging
import os
import uuid

import streamlit as st

log = logging.getLogger("nq57.app")

MESSAGE = (
    "Đã có lỗi ngoài dự kiến khi hiển thị trang này; số liệu không bị thay đổi. "
    "Hãy tải lại trang; nếu lỗi vẫn còn, xin báo quản trị viên kèm mã lỗi {ref}."
)


def raise_errors() -> bool:
    """Developers and the test suite set NQ57_RAISE_ERRORS=1 to see the exception itself (AppTest's at.exception)."""
    return os.environ.get("NQ57_RAISE_ERRORS", "") not in ("", "0")


def run(page) -> None:
    """page.run(), with any Exception logged in full and shown to the user as a short Vietnamese message.

    st.stop, st.rerun and st.switch_page raise Streamlit's ScriptControlException, a BaseException and not an
    Exception, so they pass through untouched.
    """
    try:
        page.run()
    except Exception:
        if raise_errors():
            raise
        ref = uuid.uuid4().hex[:8]
        log.exception("Lỗi ngoài dự kiến trên trang %s (mã lỗi %s)", getattr(page, "title", "?"), ref)
        st.error(MESSAGE.format(ref=ref), icon=":material/error:")
