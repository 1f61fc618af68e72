"""ISO 3166-1 alpha-2 country codes and the postcode formats we check strictly."""

from __future__ import annotations

import re

from server.services.errors import FieldProblem

__all__ = ["COUNTRIES", "postcode_problem"]

COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK
ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

_POSTCODES = {
    "NL": (re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$"), "1234 AB"),
    "BE": (re.compile(r"^[1-9][0-9]{3}$"), "1000"),
    "DE": (re.compile(r"^[0-9]{5}$"), "10115"),
}


def postcode_problem(country: str, postcode: str, field: str = "postcode") -> FieldProblem | None:
    """Why ``postcode`` is not a postcode of ``country`` (NL, BE, DE checked strictly), as a problem of ``field``."""
    rule = _POSTCODES.get(country)
    if rule is None:
        if 2 <= len(postcode) <= 12:
            return None
        return FieldProblem(field=field, code="intake.postcode.length", params={"min": 2, "max": 12})
    pattern, example = rule
    if pattern.match(postcode.upper()):
        return None
    return FieldProblem(field=field, code="intake.postcode.format", params={"example": example})
