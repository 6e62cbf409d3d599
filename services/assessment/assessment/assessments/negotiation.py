"""Content negotiation for the report: JSON or PDF (RFC 9110 §12), and its language."""

from __future__ import annotations

JSON = "application/json"
PDF = "application/pdf"


def _q(params: list[str]) -> float:
    """The q-value among a range's parameters: 1 when absent, 0 when unreadable."""
    q = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
    return q


def _quality(accept: str, media_type: str) -> float:
    """The q-value ``accept`` gives ``media_type``: the most specific matching range wins."""
    kind = media_type.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        range_, *params = (p.strip() for p in part.split(";"))
        specificity = {media_type: 2, f"{kind}/*": 1, "*/*": 0}.get(range_.lower())
        if specificity is None or specificity < best[0]:
            continue
        best = (specificity, _q(params))
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


LANGUAGES = ("en", "ru", "kk")
"""The report's languages; English when the caller accepts none of them."""


def language(accept_language: str | None) -> str:
    """The report language an Accept-Language header prefers (RFC 9110 §12.5.4): the
    highest q-value among ru, kk and en by primary tag (``ru-KZ`` is ru; ``*`` is English);
    English on a tie, no header or no match."""
    best, best_q = "en", 0.0
    for part in (accept_language or "").split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        primary = tag.split("-")[0].lower()
        if primary == "*":
            primary = "en"
        if primary not in LANGUAGES:
            continue
        q = _q(params)
        if q > best_q or (q == best_q > 0 and primary == "en"):
            best, best_q = primary, q
    return best
