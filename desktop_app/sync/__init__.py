"""Client side of sync: hybrid logical clock, outbox capture, wire models, transport, merge (no Qt)."""
