"""The two ways an import goes wrong: a whole file (ImportFailed) or one cell (CellError)."""


class ImportFailed(Exception):
    """A file cannot be read at all, or the school has no running school year. The message is Dutch."""


class CellError(ValueError):
    """One cell cannot be used; the message is the Dutch reason, without line or column."""
