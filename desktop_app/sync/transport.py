"""HTTP transport to the hub (httpx): versions headers, gzip bodies, timeouts, retries with back-off,
certificate verification (optionally against a custom CA bundle), and refusals turned into exceptions."""
from __future__ import annotations

import time
from typing import Any

import httpx
from pydantic import BaseModel

from desktop_app.sync import wire

RETRIABLE_STATUS = frozenset({502, 503, 504})
RETRIES = 3
BACKOFF_S = 0.3  # then doubled at each retry


class HubUnreachable(Exception):
    """The hub could not be reached (after retries): nothing is lost, the next sync carries on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HubRefusal(Exception):
    """The hub answered with a refusal (4xx, or a server error after retries). A 429 (too many failed tries
    of a code or credential) is not retried: ``retry_after`` says in how many seconds the hub accepts again."""

    def __init__(self, status: int, body: wire.ErrorBody, retry_after: int | None = None) -> None:
        super().__init__(body.detail)
        self.status, self.code, self.detail, self.wipe = status, body.code, body.detail, body.wipe
        self.acknowledged, self.retry_after = body.acknowledged, retry_after


class Transport:
    def __init__(self, base_url: str, *, verify: bool | str = True, timeout: float = 30.0, retries: int | None = None,
                 backoff: float | None = None, client: httpx.Client | None = None, local_ms=None) -> None:
        self.base_url = base_url.rstrip("/")
        # The device's own clock (ms): the hub's time in every answer gives the offset (hub − local),
        # estimated at the middle of the request. None until an answer carried the hub's time.
        self.local_ms = local_ms or (lambda: time.time_ns() // 1_000_000)
        self.offset_ms: int | None = None
        self.round_trip_ms: int | None = None
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF_S if backoff is None else backoff
        if isinstance(verify, str):  # a custom CA bundle (PEM file)
            import ssl

            verify = ssl.create_default_context(cafile=verify)
        self.client = client or httpx.Client(verify=verify, timeout=httpx.Timeout(timeout, connect=10.0))
        self.headers = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION), wire.SCHEMA_HEADER: str(wire.SCHEMA_VERSION),
                        "Accept-Encoding": "gzip"}

    def close(self) -> None:
        self.client.close()

    def call(self, method: str, path: str, *, body: BaseModel | None = None, params: dict | None = None,
             token: str | None = None, raw: bool = False) -> Any:
        headers = dict(self.headers)
        content = None
        if body is not None:
            content = wire.encode_body(body)
            headers.update({"Content-Type": "application/json", "Content-Encoding": "gzip"})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        attempt = 0
        while True:
            try:
                sent_at = self.local_ms()
                response = self.client.request(method, self.base_url + path, content=content, params=params,
                                               headers=headers)
                self._learn_time(response, sent_at, self.local_ms())
            except httpx.HTTPError as exc:
                if attempt >= self.retries:
                    raise HubUnreachable(f"Serveur de synchronisation injoignable ({self.base_url}) : "
                                         f"{exc.__class__.__name__}. Les données restent sur ce poste ; "
                                         "réessayez plus tard.") from None
            else:
                if response.status_code < 400:
                    return response.content if raw else response.json()
                if response.status_code not in RETRIABLE_STATUS or attempt >= self.retries:
                    raise HubRefusal(response.status_code, _error_body(response), _retry_after(response))
            attempt += 1
            time.sleep(self.backoff * (2 ** (attempt - 1)))

    def stream(self, path: str, *, params: dict | None = None, token: str | None = None):
        """A streamed GET (a context manager giving the :class:`httpx.Response`, its body not read yet).
        Refusals raise :class:`HubRefusal`; an unreachable hub :class:`HubUnreachable` (no retry here: the
        caller resumes a cut stream where it stopped)."""
        from contextlib import contextmanager

        headers = dict(self.headers)
        if token:
            headers["Authorization"] = f"Bearer {token}"

        @contextmanager
        def opened():
            sent_at = self.local_ms()
            try:
                with self.client.stream("GET", self.base_url + path, params=params, headers=headers) as response:
                    self._learn_time(response, sent_at, self.local_ms())
                    if response.status_code >= 400:
                        response.read()
                        raise HubRefusal(response.status_code, _error_body(response), _retry_after(response))
                    yield response
            except httpx.HTTPError as exc:
                raise HubUnreachable(f"Serveur de synchronisation injoignable ({self.base_url}) : "
                                     f"{exc.__class__.__name__}. Les données restent sur ce poste ; "
                                     "réessayez plus tard.") from None

        return opened()

    def _learn_time(self, response: httpx.Response, sent_at: int, received_at: int) -> None:
        text = response.headers.get(wire.HUB_TIME_HEADER)
        try:
            hub_ms = int(text) if text else None
        except ValueError:
            hub_ms = None
        if hub_ms is None:
            return
        self.offset_ms = hub_ms - (sent_at + received_at) // 2
        self.round_trip_ms = max(0, received_at - sent_at)


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("retry-after", "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _error_body(response: httpx.Response) -> wire.ErrorBody:
    try:
        return wire.ErrorBody.model_validate(response.json())
    except Exception:
        return wire.ErrorBody(code=f"http_{response.status_code}",
                              detail=f"Le serveur a répondu par une erreur {response.status_code}.")
