"""Scaffolding: each page answers 404 until its helper writes it (replaced in this change)."""

from django.http import Http404


def board(request, **kwargs):
    raise Http404


def calendar(request, **kwargs):
    raise Http404


def conclusion(request, **kwargs):
    raise Http404


def findings(request, **kwargs):
    raise Http404


def inbox(request, **kwargs):
    raise Http404


def index(request, **kwargs):
    raise Http404


def inspection(request, **kwargs):
    raise Http404


def inspection_create(request, **kwargs):
    raise Http404


def inspection_edit(request, **kwargs):
    raise Http404


def inspections(request, **kwargs):
    raise Http404


def programme(request, **kwargs):
    raise Http404


def programme_create(request, **kwargs):
    raise Http404


def programmes(request, **kwargs):
    raise Http404


def recommendation(request, **kwargs):
    raise Http404


def recommendation_create(request, **kwargs):
    raise Http404
