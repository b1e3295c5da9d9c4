"""The FastAPI application: the library's answers under ``/v1`` (private; see `kyluat.server`)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import metadata
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from kyluat._moments import parse_clock_time, parse_date, parse_moment
from kyluat.calendar import Sector, WorkCalendar, default_calendar
from kyluat.check import ENCODINGS
from kyluat.deadline import DeadlinePolicy, EndOfDay, compute_deadline
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError, KyluatError, ProvisionalDataWarning
from kyluat.followup import iso_working_time
from kyluat.limits import read_limit
from kyluat.office_hours import OfficeHours
from kyluat.server._check import MEDIA_TYPES, body_format, check_body, spool_body
from kyluat.server._errors import CHECK_PATH, BodyLimit, install_handlers
from kyluat.server._models import (
    CheckOut,
    DayOut,
    DeadlineIn,
    DeadlineOut,
    EngineOptions,
    ErrorOut,
    HealthOut,
    LimitAmount,
    LimitIn,
    ReadingOut,
    ReplayIn,
    ReplayOut,
    YearOut,
)
from kyluat.sla import SlaClock

__all__ = ["MAX_BODY", "MAX_CHECK_BODY", "create_app", "served_app"]

MAX_BODY: Final = 64 * 1024
"""Default largest JSON request body, in bytes (64 KiB)."""

MAX_CHECK_BODY: Final = 64 * 1024 * 1024
"""Default largest records file sent to ``POST /v1/check``, in bytes (64 MiB)."""

_REFUSED: Final[dict[int | str, dict[str, Any]]] = {
    422: {"model": ErrorOut, "description": "Refused input (the library's code)."}
}
_REFUSED_BODY: Final[dict[int | str, dict[str, Any]]] = {
    **_REFUSED,
    413: {"model": ErrorOut, "description": "The body is over its size limit."},
    415: {"model": ErrorOut, "description": "The body's media type is not read here."},
}

_DESCRIPTION: Final = """\
kyluat as a stateless JSON API: the official Vietnamese working calendar, statutory deadlines
with their legal trace, published limit texts, SLA clocks and the re-checking of records files.
Every answer is the JSON of the matching `kyluat ... --json` command. Every refusal is
`{"code", "field", "message"}` with kyluat's stable error codes (docs: HTTP service).
Moments in request bodies carry their offset (`2026-03-06T15:00+07:00`); dates alone are read
as days.
"""


@dataclass(frozen=True, slots=True)
class _Service:
    """What every request reads: the calendars and the default office hours, built once."""

    calendars: Mapping[tuple[Sector, bool], WorkCalendar]
    sector: Sector
    office_hours: OfficeHours | None
    health: dict[str, object]

    def calendar(self, sector: Sector | None, strict: bool) -> WorkCalendar:
        return self.calendars[sector or self.sector, strict]

    def engine(
        self,
        options: EngineOptions,
    ) -> tuple[WorkCalendar, OfficeHours | None, DeadlinePolicy]:
        """The calendar, office hours and policy a request's options name."""
        hours = self.office_hours
        if options.office_hours is not None:
            hours = OfficeHours.parse(options.office_hours)
        same_day: dict[str, time] = {}  # the library's default unless the request names one
        if options.same_day_cutoff is not None:
            same_day["same_day_cutoff"] = _clock(options.same_day_cutoff, "same_day_cutoff")
        policy = DeadlinePolicy(
            count_receipt_day=options.count_receipt_day,
            cutoff=None if options.cutoff is None else _clock(options.cutoff, "cutoff"),
            end_of_day=options.end_of_day,
            hours_per_day=options.hours_per_day,
            defer_after_hours=options.defer_after_hours,
            **same_day,
        )
        return self.calendar(options.sector, options.strict), hours, policy


def _clock(text: str, field: str) -> time:
    return parse_clock_time(text, field=field)


@contextlib.contextmanager
def _fields(**renamed: str) -> Iterator[None]:
    """Name the request's fields in the library's errors (``d`` is the path's ``date``)."""
    try:
        yield
    except KyluatError as exc:
        field = renamed.get(exc.field or "")
        if field is None:
            raise
        raise type(exc)(exc.message, field=field) from None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No provisional-year warning: every answer says ``provisional`` itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        yield


def _duration(limit: LimitAmount) -> Duration:
    with _fields(unit="limit.unit", amount="limit.amount"):
        # The constructor reads a number or its text exactly (its annotation says Decimal).
        return Duration(limit.unit, limit.amount)  # type: ignore[arg-type]


def _moment(moment: date | datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _replay_answer(clock: SlaClock, as_of: datetime, count: int) -> dict[str, object]:
    stopped = clock.stopped_at is not None
    status = None if stopped else clock.status(as_of).value
    elapsed = int(clock.elapsed(as_of).total_seconds())
    remaining = int(clock.remaining(as_of).total_seconds())
    slip = clock.reappointment
    outcome = clock.outcome
    return {
        "as_of": as_of.isoformat(),
        "due_date": _moment(clock.due_date),
        "due_at": _moment(clock.due_at),
        "original_due_at": clock.original_due_at.isoformat(),
        "paused": clock.paused,
        "stopped_at": _moment(clock.stopped_at),
        "status": status,
        "outcome": None if outcome is None else outcome.value,
        "elapsed": iso_working_time(elapsed),
        "elapsed_seconds": elapsed,
        "remaining": iso_working_time(remaining),
        "remaining_seconds": remaining,
        "counts_in_days": clock.counts_in_days,
        "events": count,
        "reappointment": None
        if slip is None
        else {
            "at": slip.at.isoformat(),
            "new_due": slip.new_due.isoformat(),
            "reason": slip.reason,
            "findings": list(slip.findings),
            "kind": slip.kind.value,
            "form": slip.form,
        },
        "deadline": clock.deadline.to_dict(),
    }


def create_app(
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    max_body: int = MAX_BODY,
    max_check_body: int = MAX_CHECK_BODY,
) -> FastAPI:
    """The service as an ASGI application (FastAPI), its calendars built now.

    Args:
        calendar: The calendar of requests that name no sector (default:
            [default_calendar][kyluat.default_calendar], with the decisions files of
            ``KYLUAT_DECISIONS``). A request naming the other sector gets that sector's standard
            calendar; ``strict`` gets the same calendar, strict (a strict calendar given is
            strict for every request).
        office_hours: The sessions of requests that name none (default: kyluat's).
        max_body: Largest JSON request body, in bytes (larger ones get 413).
        max_check_body: Largest records file sent to ``POST /v1/check``, in bytes.

    Returns:
        The application; serve it with any ASGI server (``kyluat serve`` runs uvicorn).

    Raises:
        InvalidInputError: An argument of the wrong type or a limit below 1.

    Examples:
        >>> app = create_app(max_body=4096)
        >>> sorted(route.path for route in app.routes if route.path.startswith("/v1"))[:3]
        ['/v1/calendars/{year}', '/v1/check', '/v1/clocks/replay']
    """
    base = default_calendar() if calendar is None else calendar
    if not isinstance(base, WorkCalendar):
        raise InvalidInputError("expected a WorkCalendar", field="calendar")
    if office_hours is not None and not isinstance(office_hours, OfficeHours):
        raise InvalidInputError("expected OfficeHours", field="office_hours")
    for name, value in (("max_body", max_body), ("max_check_body", max_check_body)):
        if type(value) is not int or value < 1:
            raise InvalidInputError("must be a whole number of bytes, 1 or more", field=name)
    version = _version()

    calendars: dict[tuple[Sector, bool], WorkCalendar] = {}
    for sector in Sector:
        plain = base if sector is base.sector else WorkCalendar(sector=sector)
        calendars[sector, False] = plain  # a strict calendar given stays strict
        calendars[sector, True] = plain.replace(strict=True)
    service = _Service(
        calendars=MappingProxyType(calendars),
        sector=base.sector,
        office_hours=office_hours,
        health={
            "status": "ok",
            "version": version,
            "calendar": {
                "first_date": base.first_date.isoformat(),
                "last_date": base.last_date.isoformat(),
                "last_announced_year": base.last_announced_year,
            },
        },
    )
    app = FastAPI(
        title="kyluat",
        version=version,
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    install_handlers(app)
    app.add_middleware(BodyLimit, limit=max_body, check_limit=max_check_body)
    _routes(app, service)
    return app


_SectorQuery = Annotated[
    Sector | None, Query(description="public or private (default: the service calendar's).")
]
_StrictQuery = Annotated[
    bool, Query(description="Refuse an answer depending on a year not yet announced.")
]


def _routes(app: FastAPI, service: _Service) -> None:

    @app.get("/v1/health", response_model=HealthOut, tags=["service"])
    async def health() -> JSONResponse:
        """The service is up: its version and the years its calendar covers."""
        return JSONResponse(service.health)

    @app.get("/v1/days/{date}", response_model=DayOut, responses=_REFUSED, tags=["calendar"])
    async def day(
        date: Annotated[str, Path(description="YYYY-MM-DD", examples=["2026-01-02"])],
        sector: _SectorQuery = None,
        strict: _StrictQuery = False,
    ) -> JSONResponse:
        """Is the date a working day, why not, which document says so (``kyluat day``)."""
        with _fields(d="date"):
            info = service.calendar(sector, strict).day_info(parse_date(date, field="date"))
        return JSONResponse(info.to_dict())

    @app.get("/v1/calendars/{year}", response_model=YearOut, responses=_REFUSED, tags=["calendar"])
    async def year(
        year: Annotated[int, Path(description="The year", examples=[2026])],
        sector: _SectorQuery = None,
        strict: _StrictQuery = False,
    ) -> JSONResponse:
        """Every date of the year that departs from a Monday–Friday week (``kyluat calendar``)."""
        return JSONResponse(service.calendar(sector, strict).year_info(year).to_dict())

    @app.post(
        "/v1/deadlines", response_model=DeadlineOut, responses=_REFUSED_BODY, tags=["deadlines"]
    )
    async def deadlines(body: DeadlineIn) -> JSONResponse:
        """The deadline of a limit from a receipt, with its legal trace (``kyluat deadline``)."""
        received = parse_moment(body.received_at, field="received_at", zone_less=None)
        limit = body.limit if isinstance(body.limit, str) else _duration(body.limit)
        calendar, hours, policy = service.engine(body)
        with _quiet(), _fields(duration="limit"):
            deadline = compute_deadline(
                received, limit, calendar=calendar, office_hours=hours, policy=policy
            )
        return JSONResponse(deadline.to_dict())

    @app.post("/v1/limits", response_model=ReadingOut, responses=_REFUSED_BODY, tags=["deadlines"])
    async def limits(body: LimitIn) -> JSONResponse:
        """What a published limit text says (``kyluat limit TEXT``)."""
        bare = Unit.HOURS if body.bare_hours == "clock" else Unit.WORKING_HOURS
        with _fields(limit="text"):
            reading = read_limit(body.text, bare_hours=bare)
        return JSONResponse(reading.to_dict())

    @app.post(
        "/v1/clocks/replay", response_model=ReplayOut, responses=_REFUSED_BODY, tags=["clocks"]
    )
    async def replay(body: ReplayIn) -> JSONResponse:
        """Replay a clock's event log: its deadline, status and outcome at ``as_of``."""
        as_of = parse_moment(body.as_of, field="as_of", zone_less=None)
        if not isinstance(as_of, datetime):
            raise InvalidInputError("expected a moment with its time and offset", field="as_of")
        calendar, hours, policy = service.engine(body)
        with _quiet():
            clock = SlaClock.replay(
                body.events, calendar=calendar, office_hours=hours, policy=policy
            )
        return JSONResponse(_replay_answer(clock, as_of, len(body.events)))

    body_types = {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES}

    @app.post(
        CHECK_PATH,
        response_model=CheckOut,
        responses=_REFUSED_BODY,
        tags=["records"],
        openapi_extra={"requestBody": {"required": True, "content": body_types}},
    )
    async def check(
        request: Request,
        format: Annotated[
            Literal["csv", "jsonl"] | None,
            Query(description="csv or jsonl (default: from Content-Type)"),
        ] = None,
        encoding: Annotated[
            str | None,
            Query(
                description="utf-8, utf-8-sig, utf-16 or cp1258 (default: Content-Type's "
                "charset, or utf-8)"
            ),
        ] = None,
        office_hours: Annotated[str | None, Query(description="'07:30-12:00,13:00-16:30'")] = None,
        cutoff: Annotated[str | None, Query(description="HH:MM")] = None,
        count_receipt_day: bool = False,
        end_of_day: EndOfDay = EndOfDay.OFFICE,
        sector: _SectorQuery = None,
        strict: _StrictQuery = False,
    ) -> StreamingResponse:
        """Re-check a records file, CSV or JSON Lines, sent as the body (``kyluat check``)."""
        kind, charset = body_format(request.headers.get("content-type"), format)
        options = EngineOptions(
            office_hours=office_hours,
            cutoff=cutoff,
            count_receipt_day=count_receipt_day,
            end_of_day=end_of_day,
            sector=sector,
            strict=strict,
        )
        calendar, hours, policy = service.engine(options)
        chosen = encoding or _encoding(charset)
        body, size = await spool_body(request)
        with _fields(file="body"):  # the body is the file
            found = await run_in_threadpool(
                check_body,
                body,
                size,
                kind,
                encoding=chosen,
                calendar=calendar,
                office_hours=hours,
                policy=policy,
            )
        return StreamingResponse(
            found.chunks(), media_type="application/json", background=BackgroundTask(found.close)
        )


def _version() -> str:
    """The version of kyluat, from the package metadata (``kyluat.__version__``, a floor above)."""
    try:
        return metadata.version("kyluat")
    except metadata.PackageNotFoundError:  # pragma: no cover - source tree without install
        return "0+unknown"


def _encoding(charset: str | None) -> str:
    """The library's encoding for a media type's charset (``utf-8`` when none)."""
    if charset is None:
        return "utf-8"
    name = charset.strip().lower()
    name = {
        "utf8": "utf-8",
        "windows-1258": "cp1258",
        "utf-16le": "utf-16-le",
        "utf-16be": "utf-16-be",
    }.get(name, name)
    if name not in ENCODINGS:
        raise InvalidInputError(
            f"charset {charset!r} is not read; use one of {', '.join(ENCODINGS)}",
            field="Content-Type",
        )
    return name


def served_app() -> FastAPI:
    """The application ``kyluat serve`` runs in each worker process, warnings silenced.

    Provisional answers say so in their JSON; the warning the library also gives would only
    fill the server's log.
    """
    warnings.filterwarnings("ignore", category=ProvisionalDataWarning)
    return create_app()
