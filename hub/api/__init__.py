"""The hub's HTTP API: dependencies (:mod:`hub.api.deps`), one router per resource (:mod:`hub.api.routes`)."""
