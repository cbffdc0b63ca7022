"""Network page (being built)."""

from django.http import Http404


def network(*args, **kwargs):
    raise Http404
