"""What only an admin sees: the audit log (with its export) and who may do what.

The log is read from the store on each run, never cached, so a correction made a second ago by
a colleague is there; it is shown newest first, the last ``SHOWN`` rows, and exported whole as CSV.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo.store import Store
from makan_ui.auth import role_table
from makan_ui.i18n import t

SHOWN = 500


def audit_csv(db: str) -> bytes:
    """The whole audit log as CSV (UTF-8 with a BOM, so spreadsheet programs read Arabic right)."""
    with Store(db) as store:
        return store.audit_log().to_csv(index=False).encode("utf-8-sig")


def draw_admin(db: str, roles_path: Path | None) -> None:
    """The audit log and, in the hosted mode, the roles file as a table."""
    with st.expander(t("admin.audit")):
        with Store(db) as store:
            log = store.audit_log(limit=SHOWN)
        if log.empty:
            st.caption(t("admin.audit_empty"))
        else:
            st.dataframe(log.rename(columns={c: t(f"admin.col.{c}") for c in log.columns}), hide_index=True,
                         key="audit_table")
        st.download_button(t("admin.audit_export"), lambda: audit_csv(db),  # read when clicked
                           file_name="makan-audit.csv", mime="text/csv", key="audit_export", on_click="ignore")
    if roles_path is not None:
        with st.expander(t("admin.users")):
            rows = pd.DataFrame(role_table(roles_path))
            st.dataframe(rows.rename(columns={c: t(f"admin.col.{c}") for c in rows.columns}), hide_index=True,
                         key="users_table")
