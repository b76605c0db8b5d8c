"""The export the browser tests upload is one the importer accepts without rejections."""

from ouderbetrokkenheid.school.importing import import_export
from tests.e2e.export import generated_export, sample_export


def test_generated_export_imports_cleanly(world):
    export = generated_export()
    report = import_export(school=world.school_a, pupils=export.pupils, staff=export.staff, dry_run=True)
    assert [str(r) for r in report.rejected] == []
    assert report.count(report.new, "pupil") == len(export.pupil_names) == 5


def test_sample_export_has_pupils():
    assert sample_export().pupil_names
