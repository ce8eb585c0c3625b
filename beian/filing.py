"""The filing data an applicant entered (``filing.json``), as a typed model.

`load_filing` turns bytes into `FilingData` or raises `InputError` naming the
bad field by its dotted path and what is wrong with it
(``websites[0].domains[0]: not a domain name``). Messages never echo values:
they may be personal data. Limits hold before anything is built: the file's
size, its nesting depth (checked on the text, before ``json`` recurses), every
string's length, the number of websites and domains; ``submission_id`` is a
short token safe in a storage key. Contacts are checked for their shape here (a mobile is
eleven digits starting with 1, an e-mail address has e-mail syntax); what a well-shaped value
means (its range, its home province, whether two people share it) is the `contact` rule's.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from beian.errors import InputError
from beian.validators import domains, emails, person_documents, phones, regions, subject_types

MAX_BYTES = 256 * 1024  # a filing is a few hundred bytes; this leaves room for many websites
MAX_DEPTH = 8  # objects and lists nested deeper than a filing ever is
MAX_STRING = 200  # characters in any one value (a long company name or address is under 100)
MAX_WEBSITES = 50
MAX_DOMAINS = 20

Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, str_max_length=MAX_STRING)


SubjectType = Literal[subject_types.TYPES]
# each contact field: its normaliser (None: not such a value) and what the error says
CONTACTS = {"mobile": (phones.mobile, "not a mainland mobile number"),
            "phone": (phones.normalise, "not a phone number"),
            "emergency_phone": (phones.normalise, "not a phone number"),
            "email": (emails.normalise, "not an e-mail address")}


PersonDocument = Literal[person_documents.TYPES]


class Person(_Model):
    name: str = Field(min_length=1)
    document_type: PersonDocument = "resident_id_card"  # what id_number is the number of
    id_number: str = Field(min_length=1)
    mobile: str | None = None  # 手机号码 (联系方式1)
    phone: str | None = None  # 办公电话
    emergency_phone: str | None = None  # 应急联系电话
    email: str | None = None

    @field_validator("mobile", "phone", "emergency_phone", "email")
    @classmethod
    def _contact(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        normalise, problem = CONTACTS[info.field_name]
        if (out := normalise(value)) is None:
            raise ValueError(problem)
        return out


class Subject(_Model):
    type: SubjectType
    type_name: str | None = None  # which MIIT subject type an ``other`` is (医疗机构)
    name: str = Field(min_length=1)
    certificate_type: str = Field(min_length=1)
    certificate_number: str = Field(min_length=1)
    address: str | None = None
    legal_representative: str | None = None
    contact_address: str | None = None  # 通信地址

    @model_validator(mode="after")
    def _named(self) -> Subject:
        if self.type == "other" and not self.type_name:
            raise ValueError(".type_name: missing (an 'other' subject says which type it is)")
        return self


class Website(_Model):
    name: str = Field(min_length=1)
    domains: list[str] = Field(min_length=1, max_length=MAX_DOMAINS)
    principal: Person

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        out = []
        for i, d in enumerate(value):
            try:
                out.append(domains.validate(d))
            except Exception:
                raise ValueError(f"[{i}]: not a domain name") from None
        return out


class FilingData(_Model):
    submission_id: Token
    filing_province: str
    subject: Subject
    principal: Person
    websites: list[Website] = Field(min_length=1, max_length=MAX_WEBSITES)

    @field_validator("filing_province")
    @classmethod
    def _province(cls, value: str) -> str:
        full = regions.normalise(value)
        if not full:
            raise ValueError("not a province of mainland China")
        return full


_MESSAGES = {
    "missing": "missing", "string_type": "must be a string", "list_type": "must be a list",
    "model_type": "must be an object", "dict_type": "must be an object", "literal_error": "must be one of {expected}",
    "too_short": "must not be empty", "string_too_short": "must not be empty",
    "string_too_long": "is too long (over {max_length} characters)", "too_long": "has too many items (over {max_length})",
    "string_pattern_mismatch": "must be a short token of letters, digits, '.', '_' or '-' (at most 64)",
}


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict) -> str:
    loc = list(err["loc"])
    if err["type"] == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        if msg.startswith(("[", ".")):  # the validator names the item or field inside the value
            idx, _, msg = msg.partition(": ")
            return f"{_path(tuple(loc))}{idx}: {msg}"
        return f"{_path(tuple(loc))}: {msg}"
    template = _MESSAGES.get(err["type"], err["msg"])
    return f"{_path(tuple(loc)) or '(top level)'}: {template.format(**err.get('ctx', {}))}"


def _depth(text: str) -> int:
    """Deepest nesting of objects and lists, brackets inside strings ignored."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def load_filing(data: bytes, source: str = "filing.json") -> FilingData:
    if len(data) > MAX_BYTES:
        raise InputError(f"is too large ({len(data) / 1024:.0f} KB > limit {MAX_BYTES // 1024} KB)", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (invalid byte at offset {exc.start})", source=source) from None
    if _depth(text) > MAX_DEPTH:
        raise InputError(f"is nested too deeply (over {MAX_DEPTH} levels of objects and lists)", source=source)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", source=source) from None
    if not isinstance(raw, dict):
        raise InputError("must be a JSON object", source=source)
    try:
        return FilingData.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_message(exc.errors()[0]), source=source) from None
