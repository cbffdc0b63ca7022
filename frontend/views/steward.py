"""Stewards' pages (being built)."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


steward_home = officer_edit = officer_verify = officer_confirm = officer_merge = _missing
