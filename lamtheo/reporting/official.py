"""The consolidated report as the official document the renderer sets on the page."""

from lamtheo.documents.domain import style_of_unit
from lamtheo.vn.profiles import profile_for

from .models import Report
from .render import Chart, Heading, OfficialDocument, Paragraph, Signature, Table


def _block(block: dict):
    kind = block.get("t")
    if kind == "heading":
        return Heading(block["text"], block.get("level", 1))
    if kind == "paragraph":
        return Paragraph(block["text"], block.get("source", ""))
    if kind == "table":
        return Table(
            block.get("caption", ""),
            tuple(block["header"]),
            tuple(tuple(row) for row in block["rows"]),
            tuple(block.get("numeric", ())),
        )
    if kind == "chart":
        return Chart(
            block["title"],
            tuple((label, value) for label, value in block["bars"]),
            block.get("measure", ""),
        )
    return None


def document_of(report: Report) -> OfficialDocument:
    """Header, body and signature; the format profile is the one of the unit's style in force
    on the day the report is signed (Party 2018 rules, Party 2026 rules, or NĐ 30/2020)."""
    profile = profile_for(style_of_unit(report.unit.kind), report.signed_on)
    blocks = tuple(b for b in (_block(block) for block in report.body) if b is not None)
    recipients = tuple(line.strip() for line in report.recipients.splitlines() if line.strip())
    return OfficialDocument(
        issuer=report.issuer,
        number=report.number or "     -BC/    ",
        place=report.place,
        day=report.signed_on,
        type_name="BÁO CÁO",
        abstract=report.abstract,
        blocks=blocks,
        signature=Signature(report.authority, report.signer_title.upper(), report.signer),
        recipients=recipients,
        superior=report.superior,
        profile_key=profile.key,
    )
