"""UN M49 intermediate or sub-region of each country, as a table (no import cost).

The same data django-countries-hdx reads from its CSV (the intermediate region where the
country has one, else its sub-region); importing that library and loading its table takes about
half a second, which the command-line matching cannot spare. A test checks this table against the
library for every country, so an update of the library that changes a region shows up there.
"""

# M49 region code → the ISO 3166 alpha-2 codes of its countries.
_COUNTRIES_BY_REGION = {
    "5": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "11": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "13": "BZ CR GT HN MX NI PA SV",
    "14": "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
    "15": "DZ EG EH LY MA SD TN",
    "17": "AO CD CF CG CM GA GQ ST TD",
    "18": "BW LS NA SZ ZA",
    "21": "BM CA GL PM US",
    "29": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "30": "CN HK JP KP KR MN MO TW",
    "34": "AF BD BT IN IR LK MV NP PK",
    "35": "BN ID KH LA MM MY PH SG TH TL VN",
    "39": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA",
    "53": "AU CC CX HM NF NZ",
    "54": "FJ NC PG SB VU",
    "57": "FM GU KI MH MP NR PW UM",
    "61": "AS CK NU PF PN TK TO TV WF WS",
    "143": "KG KZ TJ TM UZ",
    "145": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "151": "BG BY CZ HU MD PL RO RU SK UA",
    "154": "AX DK EE FI FO GB IE IM IS LT LV NO SE SJ",
    "155": "AT BE CH DE FR LI LU MC NL",
    "830": "GG JE",
}

SUBREGION_OF: dict[str, str] = {
    country: region
    for region, countries in _COUNTRIES_BY_REGION.items()
    for country in countries.split()
}
