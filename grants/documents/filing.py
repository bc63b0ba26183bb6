"""Filing a document a party files or signs (an offer, a report, a contract, a bid): its
content as canonical JSON, the SHA-256 of those bytes, and a PDF of it - the frozen record
that is never rendered again. The row that holds it is frozen by grants.core.frozen."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from grants.documents.models import StoredFile
from grants.documents.pdf import render_pdf
from grants.documents.uploads import store_bytes


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes that are hashed."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


@dataclass(frozen=True)
class Filed:
    content: Mapping[str, Any]
    sha256: str
    pdf: StoredFile | None


def file_document(content: Mapping[str, Any], *, actor, template: str | None = None,
                  filename: str = "", **context: Any) -> Filed:
    """The content's SHA-256 and, with a `template`, its PDF (the template gets `c` - the
    content -, `sha256` and `context`) stored as `filename`."""
    sha = content_sha256(content)
    pdf = None
    if template is not None:
        data = render_pdf(template, c=content, sha256=sha, **context)
        pdf = store_bytes(filename, data, actor=actor)
    return Filed(content=content, sha256=sha, pdf=pdf)
