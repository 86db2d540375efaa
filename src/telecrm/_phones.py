"""Phone numbers as people write them, in the form the API documents: country code + national number, digits
only (``+91 98111 00401``, ``098111 00401`` and ``9811100401`` are all ``919811100401``).

The one place the SDK reads phone numbers: lead fields of type ``PHONE`` (standard and custom) in bulk
preflight, ``leads.create``/``leads.update``/``ingest.upsert``, the CLI, the fake server, and the hint a
team member's stricter ``phone_number`` check offers. Parsing is Google's libphonenumber (the
``phonenumberslite`` distribution: the same parsing and validation data as ``phonenumbers`` without the
geocoding, carrier and time-zone data, 2.8 MB installed instead of 23 MB), imported on the first number read,
so ``import telecrm`` stays light.

A number without a country code is read in a default region: ``IN`` unless an argument, or the
``TELECRM_DEFAULT_REGION`` environment variable, names another. A number is accepted when libphonenumber
finds it valid for its country (a length and a range in use there): ``00000000000``, a foreign number
written without its ``+`` and leftovers such as ``98111 00401 00`` are what spreadsheets hold, and the API
would store them as leads nobody can call. Digits that are no number of the default region but are one with
a ``+`` in front (``447911123456``) are read as international: that is the API's own documented form.
Extensions, letters and anything too short or too long are refused with the reason.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ._checks import preview
from ._errors import ValidationError

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

__all__ = ["DEFAULT_REGION", "REGION_VARIABLE", "normalize_phone", "resolve_region"]

DEFAULT_REGION: Final = "IN"
"""The region a number without a country code is read in, unless configured."""
REGION_VARIABLE: Final = "TELECRM_DEFAULT_REGION"
"""The environment variable that configures the default region."""

_REGION: Final = re.compile(r"[A-Za-z]{2}")
_LETTER: Final = re.compile(r"[A-Za-z]")
_NATIONAL_DIGITS: Final = 10
"""Bare digits the API takes for a national number of the workspace's country (telecrm-api.md section 6)."""
_SCIENTIFIC: Final = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")
_SEPARATORS: Final = re.compile(r"[\s().-]")
_STRAY: Final = re.compile(r"[^0-9+\s()./-]")
"""A character no way of writing a phone number uses: libphonenumber skips it, so it must be refused here (a
phone with undecodable bytes in it is not the number its digits spell)."""
_EXAMPLE: Final = "e.g. '+91 98765 43210' or '919876543210'"


def resolve_region(region: object = None, environ: Mapping[str, str] = os.environ) -> str:
    """The default region: ``region`` if given, else ``TELECRM_DEFAULT_REGION``, else ``IN``; an ISO 3166
    two-letter code libphonenumber knows (any case), or ``ValidationError``."""
    source = "default_region"
    if region is None:
        region, source = environ.get(REGION_VARIABLE) or DEFAULT_REGION, REGION_VARIABLE
    if not isinstance(region, str) or not _REGION.fullmatch(region):
        raise ValidationError(
            f"{source} must be a two-letter region code such as 'IN' or 'AE', got {preview(region)}"
        )
    region = region.upper()
    if region != DEFAULT_REGION and region not in _supported_regions():
        raise ValidationError(f"{source} {region!r} is not a region with phone numbers (ISO 3166, e.g. 'IN')")
    return region


@functools.cache
def _supported_regions() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def normalize_phone(value: str, region: str | None = None) -> str:
    """``value`` as the Telecrm API stores a phone number: country code + national number, digits only.

    ``"+91 98111 00401"``, ``"+91-98111-00401"``, ``"098111 00401"``, ``"(0)98111-00401"``, ``"0091 98111
    00401"`` and ``"9811100401"`` all give ``"919811100401"``. A number without a country code is read in
    ``region`` (an ISO 3166 code such as ``"AE"``; default: ``TELECRM_DEFAULT_REGION``, else ``"IN"``). A
    number of ten digits or fewer in all keeps its ``+`` (``"+6591234567"``): the API would read ten bare
    digits as a national number of the workspace's country.

    Raises :class:`~telecrm.ValidationError` (a ``ValueError``) saying why a value is not a phone number:
    not a string, empty, letters, an extension, an unknown country code, or too short or too long for its
    country.
    """
    region = resolve_region(region)
    if not isinstance(value, str):
        hint = " (write it as a string, so that a leading 0 or + is kept)" if isinstance(value, int) else ""
        raise ValidationError(f"expected a phone number as a string, got {type(value).__name__}{hint}")
    return _normalize(value, region)


@functools.lru_cache(maxsize=4096)
def _normalize(value: str, region: str) -> str:
    # Cached: a bulk file often repeats numbers, and parsing is the costly part of checking a record.
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat

    text = value.strip()
    if not text:
        raise ValidationError("an empty string is not a phone number")
    if _SCIENTIFIC.fullmatch(text):
        raise ValidationError(
            f"{preview(value)} is a number a spreadsheet wrote in scientific notation: its last digits are "
            "lost; format the column as text and enter the numbers again"
        )
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        raise ValidationError(_parse_problem(value, exc, region)) from None
    if number.extension:
        raise ValidationError(
            f"{preview(value)} has an extension ({number.extension}), which a Telecrm phone field cannot "
            "hold: leave it out"
        )
    if _LETTER.search(text):
        raise ValidationError(f"{preview(value)} has letters: a phone number is digits, {_EXAMPLE}")
    stray = _STRAY.search(text)
    if stray is not None:
        raise ValidationError(
            f"{preview(value)} holds {preview(stray.group())}, which is no part of a phone number: it is "
            f"digits, with spaces, dashes, dots, brackets or a leading +, {_EXAMPLE}"
        )
    valid = phonenumbers.is_valid_number(number)
    if not valid and not text.startswith("+"):
        # The API's own form has the country code without a "+": "447911123456" is a UK number written the
        # documented way, even though it is no number of the default region.
        digits = _SEPARATORS.sub("", text)
        if digits.isdigit() and digits.isascii() and not digits.startswith("0"):
            try:
                international = phonenumbers.parse("+" + digits)
            except NumberParseException:
                international = None
            if international is not None and phonenumbers.is_valid_number(international):
                number, valid = international, True
    if not valid:
        raise ValidationError(_invalid_problem(value, number))
    formatted = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if len(formatted) <= _NATIONAL_DIGITS + 1:
        # The API reads ten bare digits as a national number and adds the workspace's country code: a short
        # international number (Singapore's +65 9123 4567) keeps its "+", which the API accepts.
        return formatted
    return formatted.removeprefix("+")


def _invalid_problem(value: str, number: PhoneNumber) -> str:
    import phonenumbers
    from phonenumbers import ValidationResult

    code = number.country_code or 0
    country = phonenumbers.region_code_for_country_code(code)
    where = f"+{code} ({country})" if country != "ZZ" else f"+{code}"
    reason = phonenumbers.is_possible_number_with_reason(number)
    what = {
        ValidationResult.TOO_SHORT: "is too short for a number in",
        ValidationResult.TOO_LONG: "is too long for a number in",
        ValidationResult.INVALID_LENGTH: "does not have the length of a number in",
    }.get(reason, "is not a number in use in")
    return f"{preview(value)} {what} {where}"


def _parse_problem(value: str, exc: Exception, region: str) -> str:
    from phonenumbers import NumberParseException

    kind = getattr(exc, "error_type", None)
    if kind == NumberParseException.INVALID_COUNTRY_CODE:
        return f"{preview(value)} has no country code libphonenumber knows (after +, or read in {region})"
    if kind in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
        return f"{preview(value)} is too short to be a phone number"
    if kind == NumberParseException.TOO_LONG:
        return f"{preview(value)} is too long to be a phone number"
    return f"{preview(value)} is not a phone number: {_EXAMPLE}"
