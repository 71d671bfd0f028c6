from __future__ import annotations

import pytest


@pytest.fixture
def smtp():
    from tests.support.rappels import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def sms_stub():
    from tests.support.rappels import SmsStub

    stub = SmsStub().start()
    yield stub
    stub.stop()
