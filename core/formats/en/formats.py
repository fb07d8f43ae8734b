"""English dates as the United Nations writes them: day, month, year (24 June 2024) and a
24-hour clock (23:59), not the US order Django uses by default. Formats not set here (number
separators, input formats) fall back to Django's own English ones."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
