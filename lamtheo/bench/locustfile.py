"""Locust users for `lamtheo bench-load`; locust loads this file, nothing else imports it.

LAMTHEO_BENCH_PERSONAS names the JSON written by `lamtheo.bench.personas.as_json`: each locust
user takes the next persona of its kind. LAMTHEO_BENCH_THINK is the think time between two
requests of one user, "low,high" seconds ("0,0": none, the server saturated).

Task weights follow real use: opening units and searching dominate; managing roles is rare, and
a sign-in comes once in about 200 page views (a user signs in once and works for hours).
Every page answer must be 200 (no redirect: a redirect to the sign-in page would mean the
session was lost), every API answer 200; anything else counts as an error.
"""

import json
import os
import random
import re
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import quote, urlsplit

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

CONFIG = json.loads(Path(os.environ["LAMTHEO_BENCH_PERSONAS"]).read_text(encoding="utf-8"))
LOW, HIGH = (float(s) for s in os.environ.get("LAMTHEO_BENCH_THINK", "1,3").split(","))
THINK = between(LOW, HIGH) if HIGH else constant(0)
AS_OF = CONFIG["as_of"]  # dd/mm/yyyy, as the page's date field takes it
AS_OF_ISO = "-".join(reversed(AS_OF.split("/")))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _personas(kind: str) -> list[dict]:
    return [p for p in CONFIG["personas"] if p["kind"] == kind]


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


class Bench(FastHttpUser):
    abstract = True
    wait_time = THINK
    kind = ""

    def on_start(self):
        self.persona = type(self).pool.pop()
        self.rng = random.Random(self.persona["username"])  # noqa: S311 - sampling, not security

    def unit(self) -> str:
        return self.rng.choice(self.persona["units"])

    def query(self) -> str:
        return quote(self.rng.choice(self.persona["queries"]))

    def document_query(self) -> str:
        return quote(self.rng.choice(self.persona["document_queries"]))

    def document(self) -> int | None:
        return self.rng.choice(self.persona["documents"]) if self.persona["documents"] else None

    def expect_200(self, path: str, name: str, **kwargs):
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @classmethod
    def setup_pool(cls):
        cls.pool = _personas(cls.kind)
        cls.fixed_count = len(cls.pool)


class PageUser(Bench):
    """An official in the browser: a commune editor, or a viewer at the centre."""

    kind = "page"

    def on_start(self):
        super().on_start()
        host = urlsplit(self.host).hostname
        self.client.cookiejar.set_cookie(_cookie("sessionid", self.persona["session"], host))

    @task(25)
    def home(self):
        self.expect_200("/", "/")

    @task(25)
    def org_index(self):
        self.expect_200("/to-chuc/", "/to-chuc/")

    @task(40)
    def search(self):
        self.expect_200(f"/to-chuc/?q={self.query()}", "/to-chuc/?q=[name]")

    @task(85)
    def unit_page(self):
        self.expect_200(f"/to-chuc/{self.unit()}/", "/to-chuc/[code]/")

    @task(25)
    def unit_page_as_of(self):
        self.expect_200(f"/to-chuc/{self.unit()}/?ngay={AS_OF}", "/to-chuc/[code]/?ngay=[date]")

    @task(30)
    def document_search(self):
        self.expect_200(f"/van-ban/?q={self.document_query()}", "/van-ban/?q=[words]")

    @task(30)
    def document_page(self):
        document = self.document()
        if document is not None:
            self.expect_200(f"/van-ban/{document}/", "/van-ban/[id]/")

    @task(1)
    def sign_in_again(self):
        """The sign-in form, then the password (hashed on purpose slowly) and a new session."""
        self.client.cookiejar.clear()
        form = self.client.get("/dang-nhap/", name="/dang-nhap/")
        token = CSRF.search(form.text or "")
        data = {
            "username": self.persona["username"],
            "password": CONFIG["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        with self.client.post(
            "/dang-nhap/", data=data, name="/dang-nhap/", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: not signed in")


class AdminUser(PageUser):
    """A commune or provincial admin: browses like the others and manages the unit's roles."""

    kind = "admin"

    @task(10)
    def members(self):
        self.expect_200(
            f"/to-chuc/{self.persona['home']}/thanh-vien/", "/to-chuc/[code]/thanh-vien/"
        )


class ApiUser(Bench):
    """Another system (a province's reporting tool, say) reading the hierarchy with a token."""

    kind = "api"

    def on_start(self):
        super().on_start()
        self.auth = {"Authorization": f"Bearer {self.persona['token']}"}

    def api(self, path: str, name: str):
        self.expect_200(f"/api/v1/{path}", f"/api/v1/{name}", headers=self.auth)

    @task(5)
    def me(self):
        self.api("accounts/me", "accounts/me")

    @task(20)
    def search(self):
        self.api(f"org-units?q={self.query()}&limit=20", "org-units?q=[name]")

    @task(30)
    def unit_detail(self):
        self.api(f"org-units/{self.unit()}", "org-units/[code]")

    @task(20)
    def children(self):
        self.api(f"org-units/{self.unit()}/children", "org-units/[code]/children")

    @task(15)
    def ancestors(self):
        self.api(
            f"org-units/{self.unit()}/ancestors?as_of={AS_OF_ISO}",
            "org-units/[code]/ancestors?as_of=[date]",
        )

    @task(10)
    def lineage(self):
        self.api(f"org-units/{self.unit()}/lineage", "org-units/[code]/lineage")

    @task(15)
    def documents(self):
        self.api(f"documents?q={self.document_query()}", "documents?q=[words]")

    @task(10)
    def document(self):
        document = self.document()
        if document is not None:
            self.api(f"documents/{document}", "documents/[id]")


PageUser.setup_pool()
AdminUser.setup_pool()
ApiUser.setup_pool()
