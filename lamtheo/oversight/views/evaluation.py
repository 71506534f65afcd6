"""Scaffolding: each page answers 404 until its helper writes it (replaced in this change)."""

from django.http import Http404


def criteria_set(request, **kwargs):
    raise Http404


def criteria_set_create(request, **kwargs):
    raise Http404


def criteria_set_edit(request, **kwargs):
    raise Http404


def criteria_sets(request, **kwargs):
    raise Http404


def ranking(request, **kwargs):
    raise Http404


def round_create(request, **kwargs):
    raise Http404


def round_detail(request, **kwargs):
    raise Http404


def rounds(request, **kwargs):
    raise Http404
