"""`field__any=[…]`: the field equals one of many values, sent to the database as ONE parameter.

Django's `__in` writes one placeholder per value. For the thousands of ids a bulk check reads (10.000 nominees, the
100.000 members of their units), the statement with 100.000 placeholders costs more to build, send and parse than to
run: at national scale on PostgreSQL the eligibility of 10.000 nominees spent most of its time in Django's and
psycopg's handling of the placeholders. Here the values travel as one array (PostgreSQL: `= ANY(%s)`) or one JSON
text (SQLite: `IN (SELECT value FROM json_each(%s))`), whatever their number. Values must be numbers or text."""

import json

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def _integers(self) -> bool:
        field = self.lhs.output_field
        return isinstance(getattr(field, "target_field", field), IntegerField)  # ids, foreign keys, numbers

    def get_prep_lookup(self):
        if self._integers():  # the common case, 100.000 ids: no per-value round through the field
            return [int(value) for value in self.rhs]
        field = self.lhs.output_field
        return [field.get_prep_value(value) for value in self.rhs]

    def _values(self, connection) -> list:
        if not self.rhs:
            raise EmptyResultSet  # like __in=[]: matches nothing, and an OR around it keeps its other branches
        if self._integers():
            return list(dict.fromkeys(self.rhs))
        field = self.lhs.output_field
        return [field.get_db_prep_value(value, connection, prepared=True) for value in dict.fromkeys(self.rhs)]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self._values(connection))]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = self._values(connection)
        if self._integers():  # one text written by str.join and cast: psycopg dumps a list value by value
            return f"{lhs} = ANY(%s::bigint[])", [*params, "{" + ",".join(map(str, values)) + "}"]
        return f"{lhs} = ANY(%s)", [*params, values]

Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a relation keeps its own lookups: `person_id__any`, `unit__any`
