"""The ways an import goes wrong: a whole file (ImportFailed), one cell (CellError), or too many leavers."""


class ImportFailed(Exception):
    """A file cannot be read at all, or the school has no running school year. The message is Dutch."""


class CellError(ValueError):
    """One cell cannot be used; the message is the Dutch reason, without line or column."""


class LeaversNotConfirmed(ImportFailed):
    """The import would end more enrollments than the guard allows, and that number was not confirmed."""

    def __init__(self, message, *, count):
        super().__init__(message)
        self.count = count
