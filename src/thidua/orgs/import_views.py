"""Import of units and people from Excel: the flow of `core.import_views` with the two importers of
orgs/interfaces/importers.py, the orgs wording (templates orgs/import_start.html, orgs/import_preview.html) and
the orgs URLs."""

from thidua.core.import_views import ImportFlow
from thidua.orgs.interfaces.importers import PEOPLE_IMPORTER, UNIT_IMPORTER

SESSION_KEY = "thidua_import"

flow = ImportFlow(
    namespace="orgs", importers=[PEOPLE_IMPORTER, UNIT_IMPORTER], permission="orgs.import", session_key=SESSION_KEY,
    start_template="orgs/import_start.html", preview_template="orgs/import_preview.html",
    errors_filename="loi-nhap-excel.xlsx",
)

import_start = flow.start
import_template = flow.template
import_preview = flow.preview
import_errors = flow.errors
import_confirm = flow.confirm
