"""Django's SQLite backend, but a decimal stored out of its column's range is read as it is stored.

SQLite keeps whatever it is given: a score of 10¹² written into a column of 14 digits (or a points column of 8)
by an older version, a script or a rounding (999.999.999.999,995 becomes 10¹²) is kept, and Django's reader then
raises decimal.InvalidOperation while quantizing it, on every page, export and document that reads the row —
a 500 for everyone, with no page left to repair it. Here such a value is read unquantized, so the pages show it
and flag it (scoring.domain.repair) and the organiser or the head unit can correct it. PostgreSQL refuses such a
value when it is written, so it needs nothing of the kind. settings.py names this backend for SQLite."""

import decimal

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.operations import DatabaseOperations


class Operations(DatabaseOperations):
    def get_decimalfield_converter(self, expression):
        convert = super().get_decimalfield_converter(expression)
        as_stored = decimal.Context(prec=15).create_decimal_from_float

        def converter(value, expression, connection):
            try:
                return convert(value, expression, connection)
            except decimal.InvalidOperation:
                return as_stored(value)

        return converter


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = Operations
