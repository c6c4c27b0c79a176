"""The generator and intake keep separate copies of the workbook layout (docs/CONTRACTS.md).

Intake reads workbooks by the agreed layout of each template version, not by whatever the
generator writes today. For the current template version both copies must agree, or the
workbooks sent out today could not be read back.
"""

from toolkit.intake import layout as intake
from toolkit.questionnaire import layout as generator


def test_intake_reads_the_template_version_the_generator_writes():
    assert generator.TEMPLATE_VERSION in intake.TEMPLATE_VERSIONS


def test_sheets_columns_and_answers_agree():
    assert intake.COLUMNS == generator.COLUMNS
    assert intake.ANSWERS == generator.ANSWERS
    assert intake.CHAPTER_PREFIX == generator.CHAPTER_PREFIX
    assert intake.METADATA_SHEET == generator.METADATA_SHEET
    assert intake.COVER_SHEET == generator.COVER_SHEET
    assert {
        generator.COVER_SHEET,
        generator.PROGRESS_SHEET,
        generator.LISTS_SHEET,
        generator.METADATA_SHEET,
    } == intake.KNOWN_SHEETS


def test_metadata_keys_and_defined_names_agree():
    assert intake.METADATA_KEYS == generator.METADATA_KEYS
    assert intake.CONSENT_NAME == generator.CONSENT_NAME
    focal_point = tuple(f"{generator.FOCAL_POINT_NAME}{n}" for n in range(1, 6))
    assert focal_point == intake.FOCAL_POINT_NAMES


def test_both_copies_of_the_metadata_checksum_give_the_contract_s_digest():
    """The formula of docs/CONTRACTS.md: SHA-256 of the key=value lines but the checksum's."""
    from toolkit.intake.expected import metadata_checksum as intake_checksum
    from toolkit.questionnaire.metadata import metadata_checksum as generator_checksum

    pairs = [("template_version", "1"), ("state", ""), ("checksum", "ignored")]
    # printf 'template_version=1\nstate=' | sha256sum
    expected = "f958d10ce87c9b3cf6e718c7aae5dc6f6173971ac1d1210a7604f1dc6477120e"
    assert intake_checksum(pairs) == generator_checksum(pairs) == expected
