"""Which of the three accepted formats a file is, from its content (never from its name).

A zip archive is an Excel workbook (.xlsx), a document starting with `<?xml` or `<EDEX` is
EDEXML, anything else is read as CSV text (and refused there when it is binary)."""

CSV, XLSX, EDEXML = "csv", "xlsx", "edexml"
ZIP_START = b"PK\x03\x04"
XML_STARTS = (b"<?xml", b"<EDEX")


def detect(data: bytes) -> str:
    if data.startswith(ZIP_START):
        return XLSX
    if data[:64].removeprefix(b"\xef\xbb\xbf").lstrip().startswith(XML_STARTS):
        return EDEXML
    return CSV
