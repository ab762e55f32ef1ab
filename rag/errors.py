"""The exceptions this package raises on purpose.

Every error a user can cause or fix is a `RagError`; the CLI and the web chat
print its message as it is (no traceback), so each message says what went wrong
and what to do about it.

    RagError
    ├── ConfigError          a setting is invalid (bad backend name, bad number)
    ├── QuestionError        the question is empty or too long
    ├── CorpusError          the corpus folder is missing or has nothing readable
    ├── IndexUnavailable     the index is missing, empty, locked or unreadable
    ├── ModelError           the model file is missing, incomplete or fails its hash
    └── BackendError         the generator failed
        ├── BackendUnavailable   the server is not answering (dead Ollama)
        └── BackendTimeout       the server stopped answering mid-way
"""

from __future__ import annotations

__all__ = [
    "RagError",
    "ConfigError",
    "QuestionError",
    "CorpusError",
    "IndexUnavailable",
    "ModelError",
    "BackendError",
    "BackendUnavailable",
    "BackendTimeout",
]


class RagError(Exception):
    """Base of every error the user can act on."""


class ConfigError(RagError):
    pass


class QuestionError(RagError):
    pass


class CorpusError(RagError):
    pass


class IndexUnavailable(RagError):
    pass


class ModelError(RagError):
    pass


class BackendError(RagError):
    pass


class BackendUnavailable(BackendError):
    pass


class BackendTimeout(BackendError):
    pass
