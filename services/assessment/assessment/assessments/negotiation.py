"""Content negotiation for the report: JSON or PDF (RFC 9110 §12); its language is
``shared.i18n.negotiate``'s."""

from __future__ import annotations

from shared.i18n import q_value

JSON = "application/json"
PDF = "application/pdf"


def _quality(accept: str, media_type: str) -> float:
    """The q-value ``accept`` gives ``media_type``: the most specific matching range wins."""
    kind = media_type.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        range_, *params = (p.strip() for p in part.split(";"))
        specificity = {media_type: 2, f"{kind}/*": 1, "*/*": 0}.get(range_.lower())
        if specificity is None or specificity < best[0]:
            continue
        best = (specificity, q_value(params))
    return best[1]


def preferred(accept: str | None) -> str | None:
    """JSON or PDF, whichever the Accept header prefers (JSON on a tie or no header); None
    if it accepts neither."""
    if not accept or not accept.strip():
        return JSON
    json_q, pdf_q = _quality(accept, JSON), _quality(accept, PDF)
    if json_q <= 0 and pdf_q <= 0:
        return None
    return PDF if pdf_q > json_q else JSON
