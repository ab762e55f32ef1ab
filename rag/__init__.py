"""Local-first question answering over a news corpus, with citations checked in code.

The pipeline, one module per stage:
    documents → chunks → embeddings/index → retrieval → prompt → generation → citations → answer

Public API (the CLI mirrors it):
    from rag import Assistant
    a = Assistant()
    a.ingest()
    answer = a.ask("Why did Japan drop the June deal with Russia?")
    follow = a.ask("And what did Russia demand?", history=[answer])
    for event in a.stream(question, history): ...   # Retrieved, then str pieces, then the Answer
"""

import os as _os

# Nothing leaves the machine: no hub downloads, no telemetry (set before the
# libraries that read these are imported).
for _k, _v in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}.items():
    _os.environ.setdefault(_k, _v)

from .answer import NOT_IN_CORPUS, Answer, Assistant, Retrieved  # noqa: E402
from .citations import Citation  # noqa: E402
from .conversation import Turn  # noqa: E402
from .errors import (  # noqa: E402
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    ConfigError,
    CorpusError,
    IndexUnavailable,
    ModelError,
    QuestionError,
    RagError,
)
from .generation import LlamaCpp, Ollama, Scripted  # noqa: E402
from .index import IngestReport  # noqa: E402
from .retrieval import Passage  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "Assistant",
    "Answer",
    "Retrieved",
    "Turn",
    "Citation",
    "Passage",
    "IngestReport",
    "Settings",
    "NOT_IN_CORPUS",
    "LlamaCpp",
    "Ollama",
    "Scripted",
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
