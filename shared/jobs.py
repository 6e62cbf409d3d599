"""Long imports as jobs: the upload is spooled, the answer is ``202 Accepted`` with the job's
address, and the job's row in the service's own database shows its progress to any replica.

A request that ran a 100,000-row import to its end held the caller for half a minute, read
the whole body into memory and said nothing until the end. Here:

- ``receive`` streams the body to a temporary file (never whole in memory), counting its
  bytes against the import's one limit (413 naming it, declared length or not) and hashing
  it for ``Idempotency-Key``;
- ``Jobs.submit`` writes the job's row (``queued``) and starts the work in this process; the
  POST answers 202 with ``Location: .../import-jobs/{id}``;
- the work reports rows counted, done and rejected through ``Progress``; when it ends the
  row holds its report (``succeeded``) or the problem a synchronous import would have
  answered (``failed``);
- while a job is queued or running its process beats (``heartbeat_at``) every
  ``HEARTBEAT_SECONDS``. A process that stops cancels its jobs and marks them failed; one
  that is killed cannot, so a job whose heartbeat is older than ``STALE_AFTER`` reads as
  failed (and is marked so, for good: a late runner cannot revive it). Nothing is lost
  silently, and resubmitting the file is safe: imports are idempotent.

The spool is a file in this process (deleted when the job ends or the process dies), not
rows in the database: only the process that received the upload runs it, and a job that
outlives its process is reported failed rather than resumed. What must be seen from every
replica, the job's state, lives in the database.

``Idempotency-Key`` on an import is kept on the job row itself (owner, kind, key and the
body's SHA-256): the same key with the same body answers the first job again, with another
body 422. (``shared.idempotency`` needs the body in memory to hash it, which an import must
not do.)

Jobs run one at a time per process (``Jobs.slots``): a second import waits ``queued``, its
heartbeat beating, rather than halving the speed of the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Annotated, Any, Generic, Literal, TypeVar

import sqlalchemy as sa
from fastapi import Header, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.responses import JSONResponse

from shared import i18n
from shared.auth import MANAGER_ROLES, MINISTRY_ROLES, Principal
from shared.config import data_dir
from shared.db import UtcDateTime, new_metadata
from shared.errors import SLUGS, TYPE_PREFIX, Conflict, NotFound, Problem
from shared.idempotency import KeyReusedWithOtherBody
from shared.statuses import declare

log = logging.getLogger(__name__)

JobState = Literal["queued", "running", "succeeded", "failed"]
JOB_STATES = declare(
    "import_job",
    "state",
    JobState,
    {
        "queued": {"en": "queued", "ru": "в очереди", "kk": "кезекте"},
        "running": {"en": "running", "ru": "выполняется", "kk": "орындалып жатыр"},
        "succeeded": {"en": "succeeded", "ru": "выполнено", "kk": "орындалды"},
        "failed": {"en": "failed", "ru": "завершилось с ошибкой", "kk": "қатемен аяқталды"},
    },
)
"""An import job's state as a person reads it; a service with imports lists these among its
statuses (``shared.statuses``)."""
ACTIVE = ("queued", "running")
HEARTBEAT_SECONDS = 10.0
STALE_AFTER = timedelta(seconds=60)
"""Six missed beats: the process that ran the job is gone."""
PROGRESS_SECONDS = 1.0
"""At most one progress write a second: a job's own writes come first."""
RETENTION = timedelta(days=30)
"""A finished job is kept a month for its report, then deleted when another is submitted."""
READERS = MANAGER_ROLES | MINISTRY_ROLES
"""Who may read any caller's job besides the caller who started it."""

jobs_metadata = new_metadata()
import_job = sa.Table(
    "import_job",
    jobs_metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("kind", sa.String(50), nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("idempotency_key", sa.String(200), nullable=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("total", sa.Integer, nullable=True),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("report", sa.Text, nullable=True),
    sa.Column("failure", sa.Text, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("started_at", UtcDateTime, nullable=True),
    sa.Column("finished_at", UtcDateTime, nullable=True),
    sa.Column("heartbeat_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("owner", "kind", "idempotency_key"),
)


def create_jobs_table(bind: sa.Connection) -> None:
    jobs_metadata.create_all(bind, tables=[import_job])


def drop_jobs_table(bind: sa.Connection) -> None:
    jobs_metadata.drop_all(bind, tables=[import_job])


# --- what the routes declare ------------------------------------------------------------

JobKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="retry-safe key: a retry with the same key and body answers the same job",
    ),
]


class JobFailure(BaseModel):
    """The problem (RFC 9457) a synchronous import would have answered; ``errors`` names
    each bad row and field where the import checks them all before writing.

    Its words (``title``, ``detail``, each error's ``message``) are in the language of
    whoever reads the job (Accept-Language), not of whoever posted the file."""

    # kept in every language (``failure``), as an import's report is (``i18n.Localized``);
    # ``view`` writes the errors' messages, an extra member, in the reader's language
    model_config = ConfigDict(extra="allow")

    type: str
    title: i18n.Localized
    status: int
    detail: i18n.Localized | None = None


def _kept(words: Any) -> Any:
    """Words as a job keeps them: a ``Text``'s every language, anything else as it is."""
    return dict(words.translations) if isinstance(words, i18n.Text) else words


def failure(
    status: int, detail: str | i18n.Text | None, *, slug: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A problem as a failed job keeps it (JSON): ``problem_body``'s members, its words in
    every language (``{"en": ..., "ru": ..., "kk": ...}``), no request id (the POST's, long
    answered). ``JobFailure`` writes them in the language of whoever reads the job."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + (slug or SLUGS.get(status, "error")),
        "title": dict(i18n.TITLES.get(status, i18n.ERROR_TITLE)),
        "status": status,
    }
    if detail:
        body["detail"] = _kept(detail)
    body.update({k: v for k, v in extra.items() if v is not None})
    if isinstance(body.get("errors"), list):
        body["errors"] = [
            {**e, "message": _kept(e["message"])}
            if isinstance(e, Mapping) and "message" in e
            else e
            for e in body["errors"]
        ]
    return body


ReportT = TypeVar("ReportT", bound=BaseModel)


class ImportJobRead(BaseModel, Generic[ReportT]):
    id: uuid.UUID
    state: JobState = Field(description="queued -> running -> succeeded or failed")
    size_bytes: int = Field(description="the file's size as received")
    total: int | None = Field(description="rows in the file, once the job has counted them")
    done: int = Field(description="rows dealt with so far (written, unchanged or rejected)")
    rejected: int = Field(description="rows rejected so far")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime = Field(description="the last sign of life of the job's process")
    report: ReportT | None = Field(description="when succeeded: the import's report")
    failure: JobFailure | None = Field(description="when failed: why, as a problem")


def responses(limit: str) -> dict[int | str, dict[str, Any]]:
    """The statuses an import's POST answers besides its 202 (``limit``: the size, said)."""
    return {
        413: {"description": f"the file is larger than {limit}"},
        422: {
            "description": "not UTF-8, a header that misses or adds columns, or an "
            "Idempotency-Key used before with another file; the rows are checked by the job"
        },
    }


JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such job, or another caller's"}
}


def accepted(
    job: dict[str, Any], report: type[ReportT], prefix: str, *, replayed: bool
) -> JSONResponse:
    """The POST's 202: the job as it stands, ``Location`` its address (a replay says so)."""
    headers = {"Location": location(prefix, job["id"])}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(view(job, report).model_dump(mode="json"), status_code=202, headers=headers)


def describe(size: int) -> str:
    """A byte count as the docs say it: ``1 MiB (1,048,576 bytes)``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


# --- the upload -------------------------------------------------------------------------


class TooLarge(Problem):
    status = 413


@dataclass
class Upload:
    """A request body spooled to a temporary file (gone once closed, or with the process)."""

    file: IO[bytes]
    size: int
    sha256: str

    def close(self) -> None:
        self.file.close()


def spool_dir() -> str:
    path = data_dir() / "spool"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


async def receive(request: Request, *, limit: int, what: str | i18n.Text) -> Upload:
    """The body streamed to a spool file; a 413 naming ``limit`` as soon as it is passed
    (at once when the declared length says so), nothing kept."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise _too_large(limit, what)
    file = tempfile.TemporaryFile(dir=spool_dir())  # noqa: SIM115 (the job closes it)
    digest, size = hashlib.sha256(), 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit, what)
            digest.update(chunk)
            file.write(chunk)
        file.flush()
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return Upload(file, size, digest.hexdigest())


def _too_large(limit: int, what: str | i18n.Text) -> TooLarge:
    """``what``: the import, named in every language (``message(MESSAGES["company_import"])``)."""
    return TooLarge(
        i18n.message(i18n.KIT["import_too_large"], what=what, limit=describe(limit)),
        limit_bytes=limit,
    )


# --- running ----------------------------------------------------------------------------


class Abandoned(Exception):
    """The job was marked failed meanwhile (its heartbeat went stale): stop working on it."""


@dataclass
class Progress:
    """What a job's work reports as it goes; written at most every ``PROGRESS_SECONDS``."""

    sessions: async_sessionmaker[AsyncSession]
    job_id: uuid.UUID
    total: int | None = None
    done: int = 0
    rejected: int = 0
    _written_at: float = field(default=0.0, repr=False)

    async def counted(self, total: int) -> None:
        self.total = total
        await self._write()

    async def advanced(self, *, done: int, rejected: int) -> None:
        self.done, self.rejected = done, rejected
        if asyncio.get_running_loop().time() - self._written_at >= PROGRESS_SECONDS:
            await self._write()

    def counts(self) -> dict[str, int | None]:
        return {"total": self.total, "done": self.done, "rejected": self.rejected}

    async def _write(self) -> None:
        self._written_at = asyncio.get_running_loop().time()
        if not await _update(self.sessions, self.job_id, ("running",), **self.counts()):
            raise Abandoned(self.job_id)


Work = Callable[[IO[bytes], Progress], Awaitable[BaseModel]]
"""A job's work: reads the spooled file, reports progress, returns the import's report."""


class Jobs:
    """A service process's running jobs (``app.state.jobs``); ``stop`` on shutdown."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        slots: int = 1,
        rules: Mapping[str, i18n.Translations] | None = None,
    ) -> None:
        """``rules``: the service's 409 details in Russian and Kazakh (``ServiceSpec.rules``),
        so a job failed by a rule keeps its detail in every language."""
        self.sessions = sessions
        self.rules = rules or {}
        self.slots = asyncio.Semaphore(slots)
        self.running: set[asyncio.Task[None]] = set()

    async def submit(
        self,
        *,
        kind: str,
        principal: Principal,
        upload: Upload,
        key: str | None,
        work: Work,
        now: datetime,
        check: Callable[[IO[bytes]], None] | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """The new job's row, its work started; or, for a key used before with the same
        file, that job's row and ``True`` (replayed). ``check`` looks at the file first (its
        encoding and header: a problem it raises is the POST's answer, and no job is made).
        The upload is the job's from here, closed whatever happens."""
        row = {
            "id": uuid.uuid4(),
            "kind": kind,
            "owner": principal.subject,
            "idempotency_key": key,
            "fingerprint": upload.sha256,
            "size_bytes": upload.size,
            "state": "queued",
            "total": None,
            "done": 0,
            "rejected": 0,
            "created_at": now,
            "heartbeat_at": now,
        }
        try:
            if check is not None:
                check(upload.file)
                upload.file.seek(0)
            async with self.sessions() as session, session.begin():
                await session.execute(sa.insert(import_job).values(row))
                await session.execute(  # the table only grows otherwise
                    sa.delete(import_job).where(import_job.c.finished_at < now - RETENTION)
                )
        except IntegrityError:
            upload.close()
            return await self._replay(kind, principal, key, upload.sha256), True
        except BaseException:
            upload.close()
            raise
        task = asyncio.create_task(self._run(row["id"], upload, work), name=f"job-{row['id']}")
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        job = await _select(self.sessions, kind, row["id"])
        assert job is not None
        return job, False

    async def _replay(
        self, kind: str, principal: Principal, key: str | None, fingerprint: str
    ) -> dict[str, Any]:
        async with self.sessions() as session:
            row = (
                (
                    await session.execute(
                        sa.select(import_job).where(
                            import_job.c.owner == principal.subject,
                            import_job.c.kind == kind,
                            import_job.c.idempotency_key == key,
                        )
                    )
                )
                .mappings()
                .one()
            )
        if row["fingerprint"] != fingerprint:
            raise KeyReusedWithOtherBody(
                i18n.message(i18n.KIT["key_reused_file"]), field="Idempotency-Key"
            )
        return dict(row)

    async def _run(self, job_id: uuid.UUID, upload: Upload, work: Work) -> None:
        beat = asyncio.create_task(self._beat(job_id), name=f"job-{job_id}-heartbeat")
        progress = Progress(self.sessions, job_id)
        try:
            async with self.slots:
                if not await _update(
                    self.sessions, job_id, ("queued",), state="running", started_at=_now()
                ):
                    return
                report = await work(upload.file, progress)
            await self._finish(
                job_id,
                "succeeded",
                report=report.model_dump_json(context=i18n.STORED),
                **progress.counts(),
            )
        except Abandoned:
            log.warning("job abandoned while running", extra={"job_id": str(job_id)})
        except Problem as exc:
            detail = exc.localized(self.rules) if isinstance(exc, Conflict) else exc.detail
            problem = failure(exc.status, detail, slug=exc.slug, **exc.extra)
            await self._fail(job_id, problem, progress)
        except asyncio.CancelledError:
            await self._fail(job_id, stopped(), progress)
            raise
        except Exception:
            log.exception("job failed", extra={"job_id": str(job_id)})
            problem = failure(500, i18n.message(i18n.KIT["import_failed"]))
            await self._fail(job_id, problem, progress)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            upload.close()

    async def _beat(self, job_id: uuid.UUID) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await _update(self.sessions, job_id, ACTIVE)
            except Exception as exc:  # a missed beat is not a failed job; the next may pass
                log.warning(
                    "job heartbeat failed", extra={"job_id": str(job_id), "error": repr(exc)}
                )

    async def _fail(self, job_id: uuid.UUID, problem: dict[str, Any], progress: Progress) -> None:
        await self._finish(job_id, "failed", failure=json.dumps(problem), **progress.counts())

    async def _finish(self, job_id: uuid.UUID, state: JobState, **values: Any) -> None:
        await _update(self.sessions, job_id, ACTIVE, state=state, finished_at=_now(), **values)

    async def stop(self, grace: float = 10.0) -> None:
        """Cancel the jobs still running (each marks itself failed) and wait for them."""
        running = list(self.running)
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running, timeout=grace)


def stopped() -> dict[str, Any]:
    return failure(503, i18n.message(i18n.KIT["job_stopped"]), slug="job-interrupted")


def _now() -> datetime:
    return datetime.now(UTC)


async def _update(
    sessions: async_sessionmaker[AsyncSession],
    job_id: uuid.UUID,
    states: tuple[str, ...],
    **values: Any,
) -> bool:
    """Change the job if it is still in one of ``states`` (a beat too); did it?"""
    async with sessions() as session, session.begin():
        result = await session.execute(
            sa.update(import_job)
            .where(import_job.c.id == job_id, import_job.c.state.in_(states))
            .values(heartbeat_at=_now(), **values)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- reading ----------------------------------------------------------------------------


def may_read(principal: Principal, row: dict[str, Any]) -> bool:
    return principal.subject == row["owner"] or principal.role in READERS


async def read(
    *,
    sessions: async_sessionmaker[AsyncSession],
    kind: str,
    job_id: uuid.UUID,
    principal: Principal,
    now: datetime,
) -> dict[str, Any]:
    """The job as its caller (or the programme manager, the ministry) may see it; another
    caller's is a 404 like an unknown id. A job whose process stopped beating is marked
    failed here, once, so every replica tells the same story from then on."""
    job = await _select(sessions, kind, job_id)
    if job is None or not may_read(principal, job):
        raise NotFound(i18n.no_such("import job"))
    if job["state"] in ACTIVE and job["heartbeat_at"] < now - STALE_AFTER:
        async with sessions() as session, session.begin():
            await session.execute(
                sa.update(import_job)
                .where(
                    import_job.c.id == job_id,
                    import_job.c.state.in_(ACTIVE),
                    import_job.c.heartbeat_at < now - STALE_AFTER,
                )
                .values(
                    state="failed",
                    finished_at=now,
                    failure=json.dumps(abandoned(job["heartbeat_at"])),
                )
            )
        job = await _select(sessions, kind, job_id)
        assert job is not None
    return job


async def _select(
    sessions: async_sessionmaker[AsyncSession], kind: str, job_id: uuid.UUID
) -> dict[str, Any] | None:
    async with sessions() as session:
        row = (
            (
                await session.execute(
                    sa.select(import_job).where(
                        import_job.c.id == job_id, import_job.c.kind == kind
                    )
                )
            )
            .mappings()
            .one_or_none()
        )
    return None if row is None else dict(row)


def abandoned(heartbeat_at: datetime) -> dict[str, Any]:
    since = heartbeat_at.isoformat()
    return failure(503, i18n.message(i18n.KIT["job_abandoned"], since=since), slug="job-abandoned")


def view(row: dict[str, Any], report: type[ReportT]) -> ImportJobRead[ReportT]:
    """The job row as its read model, with the import's own report type; a failure's
    errors' messages in the request's language (its title and detail are ``Localized``)."""
    return ImportJobRead[report].model_validate(  # type: ignore[valid-type]
        {
            **row,
            "report": json.loads(row["report"]) if row["report"] else None,
            "failure": _read_failure(row["failure"]) if row["failure"] else None,
        }
    )


def _read_failure(stored: str) -> dict[str, Any]:
    failure: dict[str, Any] = json.loads(stored)
    if isinstance(failure.get("errors"), list):
        failure["errors"] = [_error_in_words(error) for error in failure["errors"]]
    return failure


def _error_in_words(error: Any) -> Any:
    """An error of a failed job with its ``message`` in the request's language (a plain
    string, stored before failures kept every language, as it is)."""
    if not isinstance(error, Mapping) or "message" not in error:
        return error
    return {**error, "message": i18n.words_in(error["message"], i18n.current.get())}


def location(prefix: str, job_id: uuid.UUID) -> str:
    return f"{prefix}/import-jobs/{job_id}"
