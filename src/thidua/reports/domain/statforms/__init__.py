"""The national statistical forms of emulation and commendation (Home Affairs sector's statistical regime), kept
as data (model.py, one module per circular), computed from the records (compute.py), typed where the system holds
no record (inputs.py); written in the official layout by reports.interfaces.statforms_excel."""
