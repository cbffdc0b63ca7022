"""`python manage.py api_documents register|list|bind|unbind`: trusted documents, and the tokens bound to them."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.db.models import Q

from api.trusted_documents import DocumentProblem, operations_in
from config.commands import LiaisonCommand
from directory.management.commands.api_token import find_token
from directory.models import ApiToken, TrustedDocument, User
from directory.services.access import TOKEN_PREFIX
from directory.services.trusted_documents import (
    bind_trusted_documents,
    free_token,
    register_trusted_documents,
    unbind_trusted_documents,
)

# A .graphql file of operations is small: a larger one is not a document of operations.
MAX_FILE_BYTES = 1_000_000


class Command(LiaisonCommand):
    """Register trusted documents, list them, and bind API tokens to them."""

    help = (
        "Register GraphQL operations as trusted documents (by the SHA-256 of their normalised text), list them, and "
        "bind an API token to them: a bound token runs its documents and nothing else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """register, list, bind and unbind, each with its own options."""
        actions = parser.add_subparsers(dest="action", required=True, metavar="{register,list,bind,unbind}")
        register = actions.add_parser("register", help="Register each named operation of .graphql files.")
        register.add_argument("files", nargs="+", metavar="FILE.graphql", help="Files of named operations.")
        register.add_argument("--token", help="Also bind them to this API token (prefix or id).")
        register.add_argument("--by", help="Username of the person registering (default: the system account).")
        listing = actions.add_parser("list", help="List trusted documents: hash, operation, tokens bound.")
        listing.add_argument("--token", help="Only the documents bound to this API token (prefix or id).")
        bind = actions.add_parser("bind", help="Bind a token to documents: from then on it runs nothing else.")
        bind.add_argument("--token", required=True, help="The API token (prefix or id).")
        bind.add_argument("documents", nargs="+", metavar="HASH_OR_NAME", help="Hashes (or a prefix) or names.")
        unbind = actions.add_parser("unbind", help="Unbind documents; --free lets the token send any operation.")
        unbind.add_argument("--token", required=True, help="The API token (prefix or id).")
        which = unbind.add_mutually_exclusive_group(required=True)
        which.add_argument("documents", nargs="*", default=[], metavar="HASH_OR_NAME", help="Hashes or names.")
        which.add_argument("--free", action="store_true", help="Unbind all, and allow free-form operations again.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen action."""
        actions = {"register": self.register, "list": self.list_documents, "bind": self.bind, "unbind": self.unbind}
        actions[options["action"]](options)

    def register(self, options: dict[str, Any]) -> None:
        """Register every operation of every file, all or nothing; bind them to --token if given."""
        token = _token_option(options["token"]) if options["token"] else None
        registered_by = _registrant(options["by"])
        operations = []
        for name in options["files"]:
            try:
                operations.append((Path(name).name, operations_in(_read(name), _graphql_schema())))
            except DocumentProblem as problem:
                raise CommandError(f"FILE.graphql: '{name}' {problem}.") from None
        try:
            # One transaction for all the files and the binding: a refused operation leaves nothing registered.
            with transaction.atomic():
                found = [
                    pair
                    for source, file_operations in operations
                    for pair in register_trusted_documents(file_operations, registered_by=registered_by, source=source)
                ]
                if token is not None:
                    bind_trusted_documents(token, [document for document, _ in found])
        except ValidationError as error:
            raise CommandError("; ".join(f"{f}: {' '.join(m)}" for f, m in error.message_dict.items())) from None
        for document, created in found:
            state = "registered" if created else "already registered"
            self.stdout.write(f"{document.sha256}  {document.operation_type} {document.operation_name}  ({state})")
        if token is not None:
            self.stdout.write(f"{_label(token)} now runs only its {token.trusted_documents.count()} bound documents.")

    def list_documents(self, options: dict[str, Any]) -> None:
        """List trusted documents with the tokens bound to each."""
        documents = TrustedDocument.objects.prefetch_related("tokens")
        if options["token"]:
            documents = documents.filter(tokens=_token_option(options["token"]))
        if not documents:
            self.stdout.write("No trusted documents.")
            return
        self.stdout.write(f"{'sha256':<64}  {'operation':<30}  {'registered':<10}  tokens")
        for document in documents:
            tokens = ", ".join(_label(token) for token in document.tokens.all()) or "-"
            self.stdout.write(
                f"{document.sha256}  {document.operation_type[0]}:{document.operation_name:<28}  "
                f"{document.registered_at:%Y-%m-%d}  {tokens}"
            )

    def bind(self, options: dict[str, Any]) -> None:
        """Bind the token to the documents named."""
        token = _token_option(options["token"])
        bind_trusted_documents(token, _documents(options["documents"]))
        self.stdout.write(f"{_label(token)} now runs only its {token.trusted_documents.count()} bound documents.")

    def unbind(self, options: dict[str, Any]) -> None:
        """Unbind the documents named, or free the token."""
        token = _token_option(options["token"])
        if options["free"]:
            free_token(token)
            self.stdout.write(f"{_label(token)} is free: it may send any operation, within the limits.")
            return
        unbind_trusted_documents(token, _documents(options["documents"]))
        left = token.trusted_documents.count()
        self.stdout.write(
            f"{_label(token)} runs only its {left} bound documents" + (" (none: it runs nothing)." if not left else ".")
        )


def _token_option(reference: str) -> ApiToken:
    try:
        return find_token(reference)
    except CommandError as error:
        raise CommandError(str(error).replace("PREFIX_OR_ID:", "--token:", 1)) from None


def _graphql_schema() -> Any:
    from api.schema import schema

    return schema._schema


def _read(name: str) -> str:
    """The text of a .graphql file, or a CommandError naming the file and what is wrong with it."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"FILE.graphql: '{name}' is not a file; give the path of a .graphql file of operations.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(f"FILE.graphql: '{name}' is over {MAX_FILE_BYTES:,} bytes; split it into smaller files.")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"FILE.graphql: '{name}' is not UTF-8 text; save it as UTF-8.") from None


def _registrant(username: str | None) -> str:
    if username is None:
        return f"system account {getpass.getuser()}"
    if not User.objects.filter(username=username).exists():
        raise CommandError(f"--by: no user named '{username}'; give an existing username.")
    return username


def _documents(references: list[str]) -> list[TrustedDocument]:
    """The documents named by hash (or a hash prefix of 8 or more) or by operation name: each exactly one."""
    found = []
    for reference in references:
        lookup = Q(operation_name=reference)
        if len(reference) >= 8 and all(c in "0123456789abcdef" for c in reference):
            lookup |= Q(sha256__startswith=reference)
        matches = list(TrustedDocument.objects.filter(lookup)[:2])
        if len(matches) != 1:
            which = "no trusted document" if not matches else "more than one trusted document"
            raise CommandError(
                f"HASH_OR_NAME: {which} matches '{reference}'; give a hash from `manage.py api_documents list`."
            )
        found.append(matches[0])
    return found


def _label(token: ApiToken) -> str:
    return f"API token #{token.pk} '{token.name}' ({TOKEN_PREFIX}{token.prefix}…)"
