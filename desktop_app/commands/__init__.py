"""CLI command groups. Each module exposes ``register(subparsers)``; handlers call services only.

Handlers receive the parsed ``args`` and return an exit code. Expected failures are raised as
``desktop_app.domain.errors.UserError`` (a French sentence): the CLI prints it on one line, exit 1
(or the code the error carries).
"""
