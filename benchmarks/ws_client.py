"""A Streamlit client that speaks to a `streamlit run` server as a browser tab does, and runs such servers.

The protocol (Streamlit 1.67, Starlette/uvicorn server, streamlit/web/server/starlette/starlette_websocket.py):
- the browser polls GET /_stcore/health until it answers "ok";
- it opens a WebSocket to /_stcore/stream with its own Origin and the subprotocols
  ["streamlit", <XSRF cookie or "PLACEHOLDER_AUTH_TOKEN">] (a third entry, the last session id, only on a reconnect);
  the server accepts the first entry as the subprotocol and reads the second as an XSRF token (only used to trust
  an auth cookie; a tab without one sends the placeholder);
- the server does nothing until the browser sends a BackMsg rerun_script: a ClientState with the query string, the
  widget states (empty on a first load), page_script_hash "" and page_name = the URL path ("" for the main page,
  "ban-do" for /ban-do), the hashes of the messages the tab has cached (none in a fresh tab) and its context info;
- the server answers with ForwardMsgs: new_session, session_status_changed, page_config_changed, navigation,
  page_info_changed, deltas (new_element, add_block), and finally script_finished with a status.
  A delta the tab said it has cached comes as a ref_hash instead; a fresh tab lists none, so none should come, and
  nothing has to be acknowledged (1.67 has no cache acknowledgement: the client declares its cache in ClientState).
"""

import asyncio
import collections
import concurrent.futures
import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
SUBPROTOCOLS = ["streamlit", "PLACEHOLDER_AUTH_TOKEN"]  # what a tab without an XSRF cookie sends (static/js/index.*.js)
FINISHED = ForwardMsg.ScriptFinishedStatus
NORMAL_FINISH = {FINISHED.FINISHED_SUCCESSFULLY}
# No proxy from the environment between a benchmark and a server on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclasses.dataclass
class Session:
    """What one client session saw: times (seconds) and the messages received until script_finished."""

    page: str
    connect_s: float = float("nan")  # TCP connect + WebSocket handshake
    run_s: float = float("nan")  # rerun_script sent → script_finished received: the server's time for the page
    total_s: float = float("nan")  # connect start → script_finished
    status: str = ""  # the name of script_finished's ScriptFinishedStatus
    messages: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    elements: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # new_element types
    blocks: int = 0  # add_block deltas
    ref_hashes: int = 0  # cached-message references (a fresh tab should get none)
    early_reruns: int = 0  # script_finished FINISHED_EARLY_FOR_RERUN before the final one
    exceptions: list[str] = dataclasses.field(default_factory=list)  # exception elements: the page raised
    error_alerts: list[str] = dataclasses.field(default_factory=list)  # st.error boxes (the app's own error message)
    page_not_found: bool = False
    title: str = ""  # the first heading's text: which page was drawn
    error: str = ""  # the client's own failure (connection, timeout), if any

    @property
    def deltas(self) -> int:
        return self.messages["delta"]

    @property
    def ok(self) -> bool:
        """The page ran to a normal finish, sent deltas, and raised nothing."""
        return (
            not self.error
            and self.status in {FINISHED.Name(s) for s in NORMAL_FINISH}
            and self.deltas > 0
            and not self.exceptions
            and not self.error_alerts
            and not self.page_not_found
        )

    def problem(self) -> str:
        """Why the session is not ok, in one line ("" when it is)."""
        if self.ok:
            return ""
        parts = [self.error] if self.error else []
        if self.status and self.status not in {FINISHED.Name(s) for s in NORMAL_FINISH}:
            parts.append(f"status {self.status}")
        if not self.status and not self.error:
            parts.append("no script_finished")
        if not self.deltas:
            parts.append("no deltas")
        parts += [f"exception: {e}" for e in self.exceptions] + [f"st.error: {e}" for e in self.error_alerts]
        if self.page_not_found:
            parts.append("page_not_found")
        return f"{self.page or '/'}: " + "; ".join(parts)


def _rerun_message(host: str, port: int, page: str, query: str) -> bytes:
    """The BackMsg a fresh tab sends on /page?query: no widget states, no cached messages, its browser context."""
    state = ClientState(
        query_string=query,
        page_script_hash="",
        page_name=page,
        context_info=ContextInfo(
            timezone="Asia/Ho_Chi_Minh",
            timezone_offset=-420,  # minutes, as JavaScript's getTimezoneOffset()
            locale="vi-VN",
            url=f"http://{host}:{port}/{page}" + (f"?{query}" if query else ""),
            is_embedded=False,
            color_scheme="light",
        ),
    )
    state.widget_states.SetInParent()
    return BackMsg(rerun_script=state).SerializeToString()


def _read(session: Session, msg: ForwardMsg) -> bool:
    """Record one ForwardMsg; True when it is the script_finished that ends the run."""
    kind = msg.WhichOneof("type")
    session.messages[kind] += 1
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        if delta == "new_element":
            element = msg.delta.new_element
            name = element.WhichOneof("type")
            session.elements[name] += 1
            if name == "heading" and not session.title:
                session.title = element.heading.body
            elif name == "exception":
                session.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:200])
            elif name == "alert" and element.alert.format == element.alert.ERROR:
                session.error_alerts.append(element.alert.body[:200])
        elif delta == "add_block":
            session.blocks += 1
    elif kind == "ref_hash":
        session.ref_hashes += 1
    elif kind == "page_not_found":
        session.page_not_found = True
    elif kind == "script_finished":
        if msg.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
            session.early_reruns += 1  # the script asked for a rerun (st.rerun): the page is the next run
            return False
        session.status = FINISHED.Name(msg.script_finished)
        return True
    return False


async def open_session(
    port: int, page: str = "", query: str = "", host: str = "localhost", timeout: float = 120
) -> Session:
    """Open one session as a fresh browser tab on http://host:port/page?query and read until script_finished.

    Failures are recorded on the Session (error), not raised, so that one bad session does not hide the others."""
    session = Session(page)
    began = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with websockets.connect(
                f"ws://{host}:{port}/_stcore/stream",
                origin=f"http://{host}:{port}",
                subprotocols=SUBPROTOCOLS,
                max_size=None,
                open_timeout=None,  # the whole session is under asyncio.timeout
                ping_interval=None,
                proxy=None,
            ) as ws:
                if ws.subprotocol != "streamlit":
                    raise RuntimeError(f"server chose subprotocol {ws.subprotocol!r}")
                sent = time.perf_counter()
                session.connect_s = sent - began
                await ws.send(_rerun_message(host, port, page, query))
                async for frame in ws:
                    msg = ForwardMsg()
                    msg.ParseFromString(frame)
                    if _read(session, msg):
                        done = time.perf_counter()
                        session.run_s, session.total_s = done - sent, done - began
                        break
                else:
                    session.error = "connection closed before script_finished"
    except TimeoutError:
        session.error = f"no script_finished within {timeout} s"
    except (OSError, websockets.WebSocketException, RuntimeError) as exc:
        session.error = repr(exc)
    return session


async def open_sessions(port: int, page: str, n: int, timeout: float = 300) -> list[Session]:
    """n sessions on the same page, all opened at the same moment from one event loop."""
    return list(await asyncio.gather(*(open_session(port, page, timeout=timeout) for _ in range(n))))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int) -> bool:
    """GET /_stcore/health answers "ok"."""
    try:
        with _OPENER.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_server(script: Path, port: int, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run script` headless on 127.0.0.1:port, its output in log; returns at once (see wait_healthy)."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )


def wait_healthy(proc: subprocess.Popen, port: int, log: Path, timeout: float = 60) -> None:
    """Poll the health endpoint, as the browser does, until the server answers; fail if it exits or times out."""
    deadline = time.monotonic() + timeout
    while not healthy(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit on port {port} did not become healthy:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)  # the polling interval, not a wait for something to happen


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate the server and wait for it; kill it if it does not stop within 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def running(script: Path, workdir: Path, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[int]:
    """A healthy `streamlit run script` on a free port for the with-block; yields the port, stops it afterwards."""
    port = free_port()
    log = workdir / f"streamlit-{port}.log"
    proc = start_server(script, port, log, env)
    try:
        wait_healthy(proc, port, log, timeout)
        yield port
    finally:
        stop_server(proc)


def run(coroutine):
    """Run a coroutine to its end on a fresh event loop in a thread of its own: asyncio.run refuses a thread that
    already runs a loop (Playwright's sync API keeps one in the main thread of a test session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
