#!/usr/bin/env python3
"""Writes the inputs of tests/e2e/import-wrong-files: files a user gives
`recur import` by mistake, made here by hand (python3 zipfile and tarfile,
a PDF written object by object), no third-party data. Re-run from this
folder; the files are committed beside it."""
import gzip
import io
import tarfile
import zipfile

CSV = b"number,opened_at,short_description\r\nINC0010301,2026-03-02 08:14:00,Checkout down\r\n"
FIXED = (2026, 3, 2, 8, 0, 0)


def member(z, name, data):
    info = zipfile.ZipInfo(name, FIXED)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


# The smallest workbook Excel opens: content types, the package and
# workbook relations, one sheet with the export's first row.
with zipfile.ZipFile("incidents.xlsx", "w") as z:
    member(z, "[Content_Types].xml",
           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
           '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
           '</Types>')
    member(z, "_rels/.rels",
           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
           '</Relationships>')
    member(z, "xl/workbook.xml",
           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<sheets><sheet name="incident" sheetId="1" r:id="rId1"/></sheets></workbook>')
    member(z, "xl/_rels/workbook.xml.rels",
           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>')
    member(z, "xl/worksheets/sheet1.xml",
           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c>'
           '<c r="B1" t="inlineStr"><is><t>short_description</t></is></c></row>'
           '<row r="2"><c r="A2" t="inlineStr"><is><t>INC0010301</t></is></c>'
           '<c r="B2" t="inlineStr"><is><t>Checkout down</t></is></c></row>'
           '</sheetData></worksheet>')

# An OpenDocument spreadsheet: "mimetype" stored first, as ODF requires.
with zipfile.ZipFile("incidents.ods", "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype", FIXED), "application/vnd.oasis.opendocument.spreadsheet")
    member(z, "META-INF/manifest.xml",
           '<?xml version="1.0" encoding="UTF-8"?>'
           '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
           '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
           '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
           '</manifest:manifest>')
    member(z, "content.xml",
           '<?xml version="1.0" encoding="UTF-8"?>'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
           '<office:body><office:spreadsheet><table:table table:name="incident"><table:table-row>'
           '<table:table-cell><text:p>number</text:p></table:table-cell></table:table-row>'
           '</table:table></office:spreadsheet></office:body></office:document-content>')

# A PDF report of the month (one page, one line of text), with its xref.
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
text = b"BT /F1 12 Tf 72 770 Td (Incidents, March 2026: INC0010301 Checkout down) Tj ET"
objs[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
pdf = io.BytesIO()
pdf.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(pdf.tell())
    pdf.write(b"%d 0 obj\n%s\nendobj\n" % (i, o))
xref = pdf.tell()
pdf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
for off in offsets:
    pdf.write(b"%010d 00000 n \n" % off)
pdf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
with open("incidents.pdf", "wb") as f:
    f.write(pdf.getvalue())

# The export as the tool's download gives it: zipped, and as a tarball.
with zipfile.ZipFile("incidents.zip", "w") as z:
    member(z, "incident.csv", CSV)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    info = tarfile.TarInfo("incident.csv")
    info.size, info.mtime = len(CSV), 1772438400
    t.addfile(info, io.BytesIO(CSV))
with open("incidents.tar.gz", "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
    g.write(buf.getvalue())
