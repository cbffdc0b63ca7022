"""The error codes, in the schema: what `extensions.code`, `extensions.reason` and `OperationMessage.code` hold."""

from __future__ import annotations

import strawberry

from api.types.enums import schema_enum
from directory.error_codes import ERROR_CODE_TEXTS, REASON_TEXTS, ErrorCode, Reason

ErrorCodeType = schema_enum(
    "ErrorCode",
    {code.name: strawberry.enum_value(code.value, description=ERROR_CODE_TEXTS[code]) for code in ErrorCode},
    "Why a request was refused as a whole: the value of an error's `extensions.code`.",
)

ErrorReasonType = schema_enum(
    "ErrorReason",
    {reason.name: strawberry.enum_value(reason.value, description=REASON_TEXTS[reason]) for reason in Reason},
    "Why a value was refused: the value of `OperationMessage.code` in a mutation's answer, and of an error's "
    "`extensions.reason`.",
)

# Listed in the schema although no field returns them: they document the codes clients test for.
ERROR_TYPES = [ErrorCodeType, ErrorReasonType]
