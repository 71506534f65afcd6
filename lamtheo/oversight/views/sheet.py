"""Scaffolding: each page answers 404 until its helper writes it (replaced in this change)."""

from django.http import Http404


def sheet(request, **kwargs):
    raise Http404


def sheet_save(request, **kwargs):
    raise Http404
