"""Sealing and verifying the chain of audit entries.

Each sealed entry carries `hash = HMAC(key, prev_hash + payload)`: changing an entry breaks its
hash, removing one breaks the next one's `prev_hash` and the sequence, and the head row names the
last entry so that cutting the tail shows too. The key comes from AUDIT_KEY (default: derived from
SECRET_KEY), so someone with write access to the database alone cannot forge a consistent chain.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import models, transaction

from .models import ChainHead, Entry

BATCH = 2000


def _key() -> bytes:
    secret = getattr(settings, "AUDIT_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"lamtheo.audit:" + secret.encode()).digest()


def payload(entry: Entry) -> bytes:
    data = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip,
        "via": entry.via,
        "action": entry.action,
        "model": entry.model,
        "object_pk": entry.object_pk,
        "object_repr": entry.object_repr,
        "unit": entry.unit_id,
        "changes": entry.changes,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(prev_hash: str, entry: Entry, key: bytes | None = None) -> str:
    message = prev_hash.encode() + b"\n" + payload(entry)
    return hmac.new(key or _key(), message, hashlib.sha256).hexdigest()


def seal() -> int:
    """Give every committed, unsealed entry its place in the chain. Returns how many."""
    sealed = 0
    key = _key()
    while True:
        with transaction.atomic():
            head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
            pending = list(Entry.objects.filter(seq=None).order_by("id")[:BATCH])
            if not pending:
                return sealed
            for entry in pending:
                head.seq += 1
                entry.seq, entry.prev_hash = head.seq, head.hash
                entry.hash = head.hash = digest(entry.prev_hash, entry, key)
            # The plain QuerySet: sealing is the one update entries allow.
            models.QuerySet(Entry).bulk_update(pending, ["seq", "prev_hash", "hash"])
            head.save(update_fields=["seq", "hash"])
            sealed += len(pending)


def seal_on_commit() -> None:
    """Seal right after the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(_seal_quietly, robust=True)


def _seal_quietly() -> None:
    seal()


@dataclass
class Verdict:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    problem: str = ""
    bad_seq: int | None = None
    unsealed: int = 0


def verify() -> Verdict:
    """Walk the whole chain in order; the first inconsistency is reported."""
    key = _key()
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(seq=0, hash="")
    unsealed = Entry.objects.filter(seq=None).count()
    prev, expected = "", 1
    entries = Entry.objects.exclude(seq=None).order_by("seq").iterator(chunk_size=BATCH)

    def fail(problem: str, seq: int | None) -> Verdict:
        return Verdict(False, expected - 1, head.seq, head.hash, problem, seq, unsealed)

    for entry in entries:
        if entry.seq != expected:
            return fail(f"entry {expected} is missing (next found: {entry.seq})", expected)
        if entry.prev_hash != prev:
            return fail(f"entry {entry.seq} does not follow entry {entry.seq - 1}", entry.seq)
        if not hmac.compare_digest(entry.hash, digest(prev, entry, key)):
            return fail(f"entry {entry.seq} was changed after it was sealed", entry.seq)
        prev, expected = entry.hash, expected + 1
    last = expected - 1
    if head.seq != last or head.hash != prev:
        return fail(
            f"the chain ends at entry {last} but its head names entry {head.seq}: "
            "entries were removed at the end",
            last + 1,
        )
    return Verdict(True, last, head.seq, head.hash, unsealed=unsealed)
