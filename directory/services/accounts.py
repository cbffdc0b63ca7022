"""Writes for the accounts people and systems sign in with: creating one, linking it to its officer entry."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from directory.errors import field_error
from directory.models import Country, Officer, User


@transaction.atomic
def create_account(
    username: str,
    *,
    role: str,
    password: str | None = None,
    country: Country | None = None,
    is_admin: bool = False,
    check_password: bool = True,
) -> User:
    """Add an account; a steward keeps one country, an integration has no password (it acts through tokens)."""
    if role == User.Role.STEWARD and country is None:
        raise field_error("country", "A steward keeps the entries of one country; choose it.", code="required")
    user = User(username=username, role=role, country=country, is_staff=is_admin, is_superuser=is_admin)
    if password is not None and role != User.Role.INTEGRATION:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ValidationError({"password": error.error_list}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def link_account_to_officer(user: User, officer: Officer) -> User:
    """Give an account its own directory entry (one account per entry)."""
    if User.objects.filter(officer=officer).exclude(pk=user.pk).exists():
        raise field_error("officer", f"{officer} already has an account; link another entry.", code="taken")
    user.officer = officer
    user.save(update_fields=["officer"])
    return user
