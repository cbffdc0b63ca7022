"""Names each GraphQL request's operation for the request metrics, by its root fields (never the client's name)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, get_operation_ast
from strawberry.extensions import SchemaExtension

# More root fields than this in one operation are counted together: the label set stays small whatever is sent.
MAX_NAMED_ROOT_FIELDS = 3


def operation_label(document: object, operation_name: str | None) -> str:
    """'query counterparts', 'mutation createOfficer', 'query officers,countries', or 'query several'."""
    operation = get_operation_ast(document, operation_name)  # type: ignore[arg-type]
    if operation is None:
        return ""
    names = sorted(
        {
            selection.name.value if isinstance(selection, FieldNode) else "fragment"
            for selection in operation.selection_set.selections
        }
    )
    fields = ",".join(names) if len(names) <= MAX_NAMED_ROOT_FIELDS else "several"
    return f"{operation.operation.value} {fields}"


class OperationLabel(SchemaExtension):
    """Leaves the validated operation's label on the request, where the request metrics read it."""

    def on_execute(self) -> Iterator[None]:
        """Label the operation once it has passed validation: only the schema's own field names reach a label."""
        context = self.execution_context
        document = context.graphql_document
        request = getattr(context.context, "request", None)
        if document is not None and request is not None:
            request.graphql_operation = operation_label(document, context.operation_name)
        yield
