"""The production settings (read from the environment as always), with one change for the bench:
static files are hashed but not pre-compressed. Compressing them (gzip and brotli at the highest
level) takes a minute and a half on 2 cores at every `collectstatic`, and no measured route serves
a static file; pages still link them through the manifest, as in production."""

from lamtheo.settings import *  # noqa: F403
from lamtheo.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
