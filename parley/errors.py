"""Errors with codes and hints. The CLI turns any ParleyError into one line on stderr."""

from __future__ import annotations


class ParleyError(Exception):
    """Base error: ``code`` is a short stable id (``E101``), ``hint`` says what to do next."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code:
            self.code = code

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(ParleyError):
    """One input could not be read; the batch goes on."""

    code = "E100"

    def __init__(self, input_name: str, reason: str, *, hint: str | None = None, code: str | None = None):
        super().__init__(f"{input_name}: {reason}", hint=hint, code=code)
        self.input_name = input_name
        self.reason = reason


class UsageError(ParleyError):
    """Bad arguments or options (exit status 2)."""

    code = "E200"


class RecordError(ParleyError):
    """A document or event record that does not follow the contract."""

    code = "E300"


class KnowledgeBaseError(ParleyError):
    """An actor file that does not validate; the message names file and line."""

    code = "E400"


class StoreError(ParleyError):
    """The database refused or failed; the message names the database and the cause."""

    code = "E500"


class ModelError(ParleyError):
    """A spaCy pipeline or trained weights are missing."""

    code = "E600"
