"""Bench users in the generated national tree: who they are, where they hold a role, what they
will open, and the session or API token they arrive with.

The mix follows real use: most users work in one commune (editors, some admins), fewer in a
province, a couple at the centre, and a fifth of the traffic is other systems calling the API.
None is a superuser: every request pays for the role-scoped `visible_to` filter.

Browsing users start with a session made here, exactly what a sign-in stores. Signing 50 users
in at the same second would measure 50 password hashes (PBKDF2, half a second of CPU each on
purpose) rather than browsing; sign-in is measured instead as one task among the others.
"""

import random
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.accounts.services import issue_api_token
from lamtheo.documents.models import Document
from lamtheo.org import selectors, services
from lamtheo.org.models import Kind, Membership, OrgUnit
from lamtheo.vn.text import fold

# Share of the concurrent users by what they do (the rest are commune editors).
MIX = {"api": 0.20, "province_admin": 0.16, "commune_admin": 0.16, "central_viewer": 0.04}
VISITS = 40  # units each user may open, sampled from their subtree
# Searches of the document registry (bench-docs fills it; without it they find nothing).
DOCUMENT_QUERIES = (
    "ke hoach",
    "thuc hien",
    "dien bien",
    "bao cao 12",
    "chuyen doi so",
    "giam ngheo ben vung",
    "ket luan 01",
    "129-KH/TU",
)


@dataclass
class Persona:
    kind: str  # "page" (browses), "admin" (browses and manages roles) or "api" (bearer token)
    username: str
    home: str  # the unit where the role is held
    units: list[str] = field(default_factory=list)  # codes the user opens
    queries: list[str] = field(default_factory=list)  # searches that find units in the subtree
    documents: list[int] = field(default_factory=list)  # ids of documents the user may see
    document_queries: list[str] = field(default_factory=lambda: list(DOCUMENT_QUERIES))
    session: str = ""
    token: str = ""


@dataclass
class Submitter:
    username: str
    unit: str
    token: str


def is_bench_tree() -> bool:
    """`bench-org --keep` made the tree: its root is B-TW and provinces are B-T<n>."""
    return OrgUnit.objects.filter(code="B-TW").exists()


def counts(users: int) -> dict[str, int]:
    """How many users of each kind, at least one of each, commune editors taking the rest.

    >>> counts(50)
    {'api': 10, 'province_admin': 8, 'commune_admin': 8, 'central_viewer': 2, 'commune_editor': 22}
    """
    out = {kind: max(1, round(share * users)) for kind, share in MIX.items()}
    out["commune_editor"] = users - sum(out.values())
    if out["commune_editor"] < 1:
        raise ValueError(f"{users} users: too few for the mix (at least {len(MIX) + 1})")
    return out


class Builder:
    """Makes the bench users of one run (usernames `bench-<run>-...`, so runs do not collide).
    Sessions are signed with `secret_key`, the SECRET_KEY the server under test will run with."""

    def __init__(self, run: str, password: str, secret_key: str, seed: int = 2025):
        self.run = run
        self.secret_key = secret_key
        self.encoded = make_password(password)  # hashed once: every bench user shares it
        self.rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
        self.today = timezone.localdate()
        self.provinces = list(OrgUnit.objects.filter(kind=Kind.PROVINCE).order_by("code"))
        self.central = OrgUnit.objects.get(code="B-TW")
        self._subtrees: dict[int, list[OrgUnit]] = {}
        self._used: set[int] = set()  # communes already given to a user of this run

    def browsing(self, users: int) -> list[Persona]:
        personas = []
        for kind, n in counts(users).items():
            for i in range(n):
                unit, role = self._role(kind, i)
                user = self._user(f"{kind.replace('_', '-')}-{i}", unit, role)
                is_admin = role == Membership.Role.ADMIN
                persona = Persona(
                    kind="api" if kind == "api" else "admin" if is_admin else "page",
                    username=user.username,
                    home=unit.code,
                    **self._visits(unit),
                    documents=self._documents(user),
                )
                if persona.kind == "api":
                    persona.token = issue_api_token(user=user, name="bench")[1]
                else:
                    persona.session = _session(user, self.secret_key)
                personas.append(persona)
        return personas

    def _role(self, kind: str, i: int) -> tuple[OrgUnit, str]:
        """Where the i-th user of a kind holds which role."""
        if kind == "central_viewer":
            return self.central, Membership.Role.VIEWER
        if kind == "province_admin" or (kind == "api" and i % 2 == 0):
            return self.provinces[i % len(self.provinces)], Membership.Role.ADMIN
        if kind == "commune_editor":
            return self._commune(i), Membership.Role.EDITOR
        return self._commune(i), Membership.Role.ADMIN  # commune admins, half the API clients

    def submitters(self, n: int) -> list[Submitter]:
        """`n` admins of `n` different communes, spread over the provinces, with API tokens."""
        out = []
        for i in range(n):
            unit = self._commune(i)
            user = self._user(f"submit-{i}", unit, Membership.Role.ADMIN)
            out.append(Submitter(user.username, unit.code, issue_api_token(user=user)[1]))
        return out

    def _commune(self, i: int) -> OrgUnit:
        """A commune of province i (mod the provinces) that no user of this run has yet."""
        province = self.provinces[i % len(self.provinces)]
        for unit in self._subtree(province):
            if unit.kind == Kind.COMMUNE and unit.pk not in self._used:
                self._used.add(unit.pk)
                return unit
        raise LookupError(f"{province.code}: every commune already has a bench user")

    def _subtree(self, unit: OrgUnit) -> list[OrgUnit]:
        if unit.pk not in self._subtrees:
            below = list(selectors.subtree(unit, as_of=self.today).order_by("code"))
            self.rng.shuffle(below)
            self._subtrees[unit.pk] = below
        return self._subtrees[unit.pk]

    def _visits(self, unit: OrgUnit) -> dict:
        """Units to open (the home unit first) and searches: names of units in the subtree with
        their last number dropped, so that a search finds a handful of units, not one."""
        sample = self.rng.sample(self._subtree(unit), min(VISITS, len(self._subtree(unit))))
        queries = sorted({fold(u.name).rsplit("-", 1)[0] for u in sample[:8] if u.pk != unit.pk})
        return {
            "units": [unit.code, *(u.code for u in sample if u.pk != unit.pk)],
            "queries": queries,
        }

    def _documents(self, user: User) -> list[int]:
        """Documents to open: a sample of what the user may see (the newest 500 of them)."""
        visible = Document.objects.visible_to(user).order_by("-issued_on", "-id")
        ids = list(visible.values_list("id", flat=True)[:500])
        return self.rng.sample(ids, min(VISITS, len(ids)))

    def _user(self, name: str, unit: OrgUnit, role: str) -> User:
        user = User.objects.create(
            username=f"bench-{self.run}-{name}",
            full_name=f"Bench {name}",
            password=self.encoded,
        )
        services.grant_role(user=user, unit=unit, role=role, valid_from=date(2000, 1, 1))
        return user


def _session(user: User, secret_key: str) -> str:
    """A signed-in session for `user`, stored as `django.contrib.auth.login` stores one. The
    session data and the password-derived hash in it are signed with the server's key."""
    with override_settings(SECRET_KEY=secret_key):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
    return store.session_key


def as_json(personas: list[Persona], password: str, as_of: date) -> dict:
    """What the locustfile reads: every persona, the shared password, a past date to view."""
    return {
        "password": password,
        "as_of": as_of.strftime("%d/%m/%Y"),
        "personas": [asdict(p) for p in personas],
    }
