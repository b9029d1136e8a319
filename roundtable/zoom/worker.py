"""Doing the queued Zoom work: claim due tasks, do them, record the outcome.

Run by ``flask roundtable zoom sync [--watch]``, never by a web request.

Claiming is the outbox's (mail/delivery.py): one short transaction selects due
pending tasks ``FOR UPDATE SKIP LOCKED`` (so concurrent workers take different
ones), moves them a lease into the future with a compare-and-set UPDATE that
also counts the attempt, and commits before Zoom is called. A killed worker's
tasks are due again when the lease runs out; the lease is renewed between
groups of work, so a slow Zoom does not hand a live worker's tasks to another.

Never twice. A task says what to reconcile ("registration 42 as it is now"),
so doing it again is harmless; and a retry (any attempt after the first, when
an earlier one may have reached Zoom without our hearing back) first lists the
registrants Zoom already has and adopts them instead of registering again.

Outcome. Done: ``done``. Zoom down or asking to wait (ZoomUnavailable): retried
after 1, 2, 4 … 60 minutes, never given up. Zoom refused (4xx): retried the
same way, then ``failed`` after ZOOM_MAX_ATTEMPTS; a registrant Zoom will not
take gets the meeting's own link instead (registrants.py).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from time import monotonic

from flask import current_app
from sqlalchemy import select, update

from roundtable.extensions import db
from roundtable.zoom.client import ZoomBusy, ZoomClient, ZoomError, ZoomUnavailable
from roundtable.zoom.models import TaskStatus, ZoomTask

log = logging.getLogger("roundtable.zoom")

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)


@dataclass
class SyncReport:
    claimed: int = 0
    done: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    return min(MAX_DELAY, FIRST_DELAY * (2 ** max(attempts - 1, 0)))


def lease_length() -> timedelta:
    return timedelta(seconds=current_app.config.get("ZOOM_LEASE_SECONDS", 120))


def claim_due(batch: int, now: datetime) -> tuple[list[int], datetime]:
    """Claim up to ``batch`` due tasks, counting an attempt for each; commit."""
    due = (select(ZoomTask.id)
           .where(ZoomTask.status == TaskStatus.PENDING, ZoomTask.next_attempt_at <= now)
           .order_by(ZoomTask.next_attempt_at, ZoomTask.id).limit(batch)
           .with_for_update(skip_locked=True))
    lease = now + lease_length()
    try:
        ids = list(db.session.scalars(due))
        claimed = db.session.scalars(
            update(ZoomTask)
            .where(ZoomTask.id.in_(ids), ZoomTask.status == TaskStatus.PENDING,
                   ZoomTask.next_attempt_at <= now)
            .values(next_attempt_at=lease, attempts=ZoomTask.attempts + 1)
            .returning(ZoomTask.id)
            .execution_options(synchronize_session=False)).all() if ids else []
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sorted(claimed), lease


def renew(ids: list[int], held: datetime, until: datetime) -> list[int]:
    """Extend the lease of the tasks still ours; commit; return them."""
    if not ids:
        return []
    try:
        mine = db.session.scalars(
            update(ZoomTask)
            .where(ZoomTask.id.in_(ids), ZoomTask.status == TaskStatus.PENDING,
                   ZoomTask.next_attempt_at == held)
            .values(next_attempt_at=until).returning(ZoomTask.id)
            .execution_options(synchronize_session=False)).all()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sorted(mine)


def _groups(tasks: list[ZoomTask]) -> list[tuple[str, int | None, list[ZoomTask]]]:
    """Meetings first (registrants need them), then registrants per event, then the rest."""
    order = {"meeting": 0, "delete_meeting": 1, "registrant": 2, "registrants": 2,
             "webhook": 3, "report": 4}
    grouped: dict[tuple, list[ZoomTask]] = defaultdict(list)
    for task in tasks:
        kind = "registrants" if task.kind == "registrant" else task.kind
        key = (kind, task.event_id) if kind == "registrants" else (kind, task.id)
        grouped[key].append(task)
    return sorted(((k[0], k[1], v) for k, v in grouped.items()),
                  key=lambda g: (order.get(g[0], 9), g[2][0].id))


def sync_due(batch: int = 100, now: datetime | None = None,
             client: ZoomClient | None = None) -> SyncReport:
    """Do the Zoom work that is due, at most ``batch`` tasks."""
    from roundtable.zoom import tasks as handlers

    now = now or datetime.now(UTC)
    started = monotonic()
    report = SyncReport()
    ids, lease = claim_due(batch, now)
    report.claimed = len(ids)
    if not ids:
        return report
    own_client = client is None
    client = client or ZoomClient.from_app()
    try:
        pending = ids
        for kind, _key, group in _groups(list(db.session.scalars(
                select(ZoomTask).where(ZoomTask.id.in_(ids))))):
            held, lease = lease, now + timedelta(seconds=monotonic() - started) + lease_length()
            pending = renew(pending, held, lease)
            mine = [t for t in group if t.id in pending]
            if not mine:
                continue
            _run(handlers.HANDLERS[kind], client, mine, now, report)
    finally:
        if own_client:
            client.close()
    return report


def _run(handler, client, tasks: list[ZoomTask], now: datetime, report: SyncReport) -> None:
    """Run one group; a group that raises is retried as a whole (its work is reconciling)."""
    ids = [t.id for t in tasks]
    try:
        handler(client, tasks)
    except ZoomError as exc:
        db.session.rollback()
        _retry(ids, exc, now, report)
        return
    except Exception as exc:  # a bug: keep the queue moving, retry later, then give up
        db.session.rollback()
        log.exception("zoom task %s failed", ids)
        _retry(ids, ZoomError(0, None, f"internal error: {type(exc).__name__}"), now, report)
        return
    for task in tasks:
        task = db.session.get(ZoomTask, task.id, populate_existing=True)
        if task is not None and task.status == TaskStatus.PENDING:
            task.status, task.done_at, task.last_error = TaskStatus.DONE, datetime.now(UTC), None
            report.done += 1
    db.session.commit()


def _retry(ids: list[int], exc: ZoomError, now: datetime, report: SyncReport) -> None:
    from roundtable.zoom import tasks as handlers

    max_attempts = current_app.config.get("ZOOM_MAX_ATTEMPTS", 6)
    for task_id in ids:
        task = db.session.get(ZoomTask, task_id, populate_existing=True)
        if task is None or task.status != TaskStatus.PENDING:
            continue
        task.last_error = str(exc)[:500]
        transient = isinstance(exc, ZoomUnavailable)
        if not transient and task.attempts >= max_attempts:
            task.status = TaskStatus.FAILED
            report.failed += 1
            handlers.given_up(task, exc)
            log.error("zoom task %s %s given up after %s attempts: %s", task.id, task.kind,
                      task.attempts, task.last_error)
            continue
        wait = retry_delay(task.attempts)
        if isinstance(exc, ZoomBusy) and exc.retry_after:
            wait = max(wait, timedelta(seconds=exc.retry_after))
        task.next_attempt_at = now + wait
        report.retrying += 1
        log.warning("zoom task %s %s: attempt %s failed, retrying: %s", task.id, task.kind,
                    task.attempts, task.last_error)
    db.session.commit()
