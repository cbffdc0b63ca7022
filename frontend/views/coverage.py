"""Coverage pages (being built)."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


coverage_matrix = coverage_map = _missing
