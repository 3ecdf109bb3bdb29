"""Workshop join codes: unambiguous letters, and read back however people type them."""

from __future__ import annotations

from assessment.store.workshops import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    format_join_code,
    new_join_code,
    normalize_join_code,
)


def test_join_codes_shape() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    assert not set("01OI") & set(JOIN_CODE_ALPHABET)


def test_typed_codes_are_normalised() -> None:
    code = new_join_code()
    assert format_join_code(code) == f"{code[:4]}-{code[4:]}"
    for typed in (
        code,
        code.lower(),
        f" {format_join_code(code).lower()} ",
        f"{code[:4]} {code[4:]}",
    ):
        assert normalize_join_code(typed) == code, typed
    assert normalize_join_code(None) == ""
