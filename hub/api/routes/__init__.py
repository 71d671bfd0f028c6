"""One router per resource: health, enrolment (codes and access tokens), sync (push and pull)."""
