"""Scaffolding: each page answers 404 until its helper writes it (replaced in this change)."""

from django.http import Http404


def conclusion_docx(request, **kwargs):
    raise Http404


def criteria_xlsx(request, **kwargs):
    raise Http404


def inspection_xlsx(request, **kwargs):
    raise Http404


def ranking_xlsx(request, **kwargs):
    raise Http404


def sheet_xlsx(request, **kwargs):
    raise Http404
