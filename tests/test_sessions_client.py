"""The load benchmark's WebSocket client against a real `streamlit run` of the floor page, and its error detection."""

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import sessions, ws_client


def test_two_concurrent_sessions_reach_script_finished_with_the_page(tmp_path):
    with ws_client.running(sessions.FLOOR, tmp_path) as port:
        assert ws_client.healthy(port)
        done = ws_client.run(ws_client.open_sessions(port, "", 2, timeout=60))
    assert len(done) == 2
    for session in done:
        assert session.ok, session.problem()
        assert session.status == "FINISHED_SUCCESSFULLY"
        assert session.messages["new_session"] == 1
        assert session.deltas > 0
        assert session.elements["metric"] == 9
        assert session.title == "Sàn / floor"
        assert session.ref_hashes == 0  # a fresh tab declares no cached messages
        assert 0 < session.run_s <= session.total_s


def test_an_unknown_port_is_an_error_not_an_exception():
    port = ws_client.free_port()  # nothing listens there
    session = ws_client.run(ws_client.open_session(port, timeout=10))
    assert not session.ok
    assert session.error
    assert "no script_finished" not in session.problem()


def _delta(element_setter) -> ForwardMsg:
    msg = ForwardMsg()
    element_setter(msg.delta.new_element)
    return msg


def test_an_exception_element_or_st_error_makes_the_session_fail():
    def exception(element):
        element.exception.type = "ZeroDivisionError"
        element.exception.message = "division by zero"

    def error_box(element):
        element.alert.body = "Đã có lỗi ngoài dự kiến"
        element.alert.format = element.alert.ERROR

    for setter, field in ((exception, "exceptions"), (error_box, "error_alerts")):
        session = ws_client.Session("")
        assert not ws_client._read(session, _delta(setter))
        assert ws_client._read(session, ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY))
        assert session.deltas == 1 and getattr(session, field)
        assert not session.ok
        assert "division by zero" in session.problem() or "lỗi" in session.problem()


def test_a_run_finished_early_for_a_rerun_is_not_the_end():
    session = ws_client.Session("")
    assert not ws_client._read(session, ForwardMsg(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert session.early_reruns == 1 and not session.status
