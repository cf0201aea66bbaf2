#!/usr/bin/env python3
"""The LibreOffice side of the « documents vs LibreOffice » benchmark (issue 10): a Writer
template of the contrat PAFI, filled by a script, one .odt per student.

    make_odt.py DONNEES_DIR OUT_DIR

DONNEES_DIR is what `contract_batch` writes (`OUT_DIR/donnees/`): `modele.json` (the contract
with `@@CHAMP@@` placeholders, as blocks), `champs.json` (each student's fields as printed) and
`attendu/NNN.json` (each contract as Accroche laid it out). The script:

1. checks that the model filled with each student's fields says exactly what Accroche's
   contract says (same text, same fields), and stops otherwise;
2. writes the model as a real OpenDocument text — `OUT_DIR/modele.odt`, the template a
   référent would keep (A4, Liberation Sans, the establishment at the top of page 1, a header
   on later pages, reference, fingerprint and « Page n / m » at the foot of every page, tables,
   the weekly timetable with shaded activities, the signature boxes);
3. fills it for each student (placeholders replaced in content.xml, styles.xml, meta.xml) and
   writes `OUT_DIR/contrat-NNN.odt`, timing that part.

Prints one JSON object: documents, fill_ms (step 3 only). Standard library only.
"""

import json
import re
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

FIELD = re.compile(r"@@([A-Z0-9_]+)@@")

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)


def esc(text):
    return xml_escape(text, {'"': "&quot;"})


# --- 1. The model filled with each student's fields is Accroche's contract -----------------


def substitute(value, fields):
    if isinstance(value, str):
        return FIELD.sub(lambda m: fields[m.group(1)], value)
    if isinstance(value, list):
        return [substitute(v, fields) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, fields) for k, v in value.items()}
    return value


def check(donnees, model, students):
    for i, fields in enumerate(students, 1):
        expected = json.loads((donnees / "attendu" / f"{i:03}.json").read_text("utf-8"))
        if substitute(model["blocs"], fields) != expected:
            sys.exit(f"make_odt : le modèle rempli pour l'élève {i} ne dit pas la même chose "
                     "que le contrat d'Accroche")


# --- 2. The Writer template ----------------------------------------------------------------


def inline(spans):
    out = []
    for s in spans:
        t = esc(s["text"])
        style = {(True, False): "T_b", (False, True): "T_i", (True, True): "T_bi"}.get(
            (s["bold"], s["italic"]))
        out.append(f'<text:span text:style-name="{style}">{t}</text:span>' if style else t)
    return "".join(out)


def para(style, body):
    return f'<text:p text:style-name="{style}">{body}</text:p>'


class Tables:
    """Automatic styles for each table's columns."""

    def __init__(self):
        self.styles = []
        self.n = 0

    def table(self, widths, header, rows, cell_para="Cellule", head_para="CelluleEntete",
              shaded=None):
        self.n += 1
        name = f"Tableau{self.n}"
        total = 170.0
        self.styles.append(
            f'<style:style style:name="{name}" style:family="table"><style:table-properties '
            f'style:width="{total}mm" table:align="margins" fo:margin-top="1mm" '
            f'fo:margin-bottom="2.5mm"/></style:style>')
        cols = []
        for j, w in enumerate(widths):
            cname = f"{name}.C{j}"
            self.styles.append(
                f'<style:style style:name="{cname}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{total * w / 100:.2f}mm" '
                f'style:rel-column-width="{int(w * 100)}*"/></style:style>')
            cols.append(f'<table:table-column table:style-name="{cname}"/>')
        out = [f'<table:table table:name="{name}" table:style-name="{name}">', *cols]

        def row(cells, para_style, head):
            r = ["<table:table-row>"]
            for j, c in enumerate(cells):
                cell = "CelluleEntete" if head else (
                    "CelluleActivite" if shaded and shaded(cells, j) else "Cellule")
                r.append(f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
                         f'{para(para_style, c)}</table:table-cell>')
            r.append("</table:table-row>")
            return "".join(r)

        out.append("<table:table-header-rows>")
        out.append(row(header, head_para, True))
        out.append("</table:table-header-rows>")
        out.extend(row(r, cell_para, False) for r in rows)
        out.append("</table:table>")
        return "".join(out)


def body(model):
    e = model["etablissement"]
    tables = Tables()
    out = [para("EtablissementPremier", esc(e["nom"])), para("EtablissementPetit", "UAI : " + esc(e["uai"]))]
    lines = [l.strip() for l in e["adresse"].split("\n") if l.strip()]
    for k, line in enumerate(lines):
        out.append(para("EtablissementFilet" if k == len(lines) - 1 else "EtablissementPetit",
                        esc(line)))
    for b in model["blocs"]:
        kind = b["kind"]
        if kind == "title":
            out.append(para("Titre", inline(b["text"])))
        elif kind == "heading":
            out.append(para("Titre1", inline(b["text"])))
        elif kind == "subHeading":
            out.append(para("Titre2", inline(b["text"])))
        elif kind == "paragraph":
            out.append(para("Corps", inline(b["text"])))
        elif kind == "notice":
            out.extend(para("Encadre", inline(p)) for p in b["paragraphs"])
        elif kind == "list":
            numbered = b["items"][0]["number"] is not None
            items = "".join(f'<text:list-item>{para("Liste", inline(i["text"]))}</text:list-item>'
                            for i in b["items"])
            out.append(f'<text:list text:style-name="{"Numeros" if numbered else "Puces"}">'
                       f"{items}</text:list>")
        elif kind == "table":
            n = len(b["header"])
            widths = b.get("widths") or [100 / n] * n
            out.append(tables.table(widths, [inline(c) for c in b["header"]],
                                    [[inline(c) for c in r] for r in b["rows"]]))
        elif kind == "timetable":
            n = len(b["days"])
            widths = [16] + [84 / n] * n
            header = [esc(b["corner"])] + [esc(d) for d in b["days"]]
            rows, active = [], []
            for r in b["rows"]:
                rows.append([esc(r["label"])] + [esc(s["text"]) for s in r["slots"]])
                active.append([False] + [s["activity"] for s in r["slots"]])
            flags = {id(r): a for r, a in zip(rows, active)}
            out.append(tables.table(widths, header, rows, cell_para="Emploi",
                                    head_para="EmploiEntete",
                                    shaded=lambda cells, j: flags[id(cells)][j]))
            out.append(para("Legende", "Cases grisées : activités du parcours ; cases blanches : "
                                       "temps scolaire."))
        elif kind == "signatures":
            boxes = []
            for s in b["signatories"]:
                box = [para("SigQualite", esc(s["quality"]))]
                if s["name"]:
                    box.append(para("SigNom", esc(s["name"])))
                if s["mention"]:
                    box.append(para("SigPetit", 'Mention : <text:span text:style-name="T_i">'
                                                f'« {esc(s["mention"])} »</text:span>'))
                box.append(para("SigPetit", "Le ……………………… à ………………………"))
                box.append(para("SigPlace", ""))
                boxes.append("".join(box))
            if len(boxes) % 2:
                boxes.append(None)
            rows = []
            for k in range(0, len(boxes), 2):
                cells = "".join(
                    f'<table:table-cell table:style-name="{"Signature" if c else "Vide"}" '
                    f'office:value-type="string">{c or para("SigPlace", "")}</table:table-cell>'
                    for c in boxes[k:k + 2])
                rows.append(f'<table:table-row table:style-name="LigneSignatures">{cells}</table:table-row>')
            out.append('<table:table table:name="Signatures" table:style-name="Signatures">'
                       '<table:table-column table:style-name="Signatures.C" '
                       'table:number-columns-repeated="2"/>' + "".join(rows) + "</table:table>")
        elif kind == "pageBreak":
            out.append(para("SautDePage", ""))
        else:
            sys.exit(f"make_odt : bloc « {kind} » inconnu")
    return "".join(out), "".join(tables.styles)


def content_xml(model):
    text, table_styles = body(model)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls><office:automatic-styles>
<style:style style:name="T_b" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T_i" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="T_bi" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="EtablissementPremier" style:family="paragraph" style:parent-style-name="Etablissement" style:master-page-name="Premiere"/>
<style:style style:name="SautDePage" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="Cellule" style:family="table-cell"><style:table-cell-properties fo:border="0.25pt solid #808080" fo:padding="1.2mm"/></style:style>
<style:style style:name="CelluleEntete" style:family="table-cell"><style:table-cell-properties fo:border="0.25pt solid #808080" fo:padding="1.2mm" fo:background-color="#ebebeb"/></style:style>
<style:style style:name="CelluleActivite" style:family="table-cell"><style:table-cell-properties fo:border="0.25pt solid #808080" fo:padding="1.2mm" fo:background-color="#d9d9d9"/></style:style>
<style:style style:name="Signatures" style:family="table"><style:table-properties style:width="170mm" table:align="margins" fo:margin-top="2mm" style:may-break-between-rows="true"/></style:style>
<style:style style:name="Signatures.C" style:family="table-column"><style:table-column-properties style:column-width="85mm"/></style:style>
<style:style style:name="LigneSignatures" style:family="table-row"><style:table-row-properties style:min-row-height="42mm" fo:keep-together="always"/></style:style>
<style:style style:name="Signature" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #404040" fo:padding="2.5mm"/></style:style>
<style:style style:name="Vide" style:family="table-cell"><style:table-cell-properties fo:border="none"/></style:style>
{table_styles}
</office:automatic-styles><office:body><office:text>{text}</office:text></office:body></office:document-content>
"""


def pstyle(name, size, *, bold=False, italic=False, align=None, gray=None, above=0.0, below=0.0,
           keep=False, border_bottom=None, padding=2.5, indent=None, parent="Standard"):
    props = [f'fo:margin-top="{above}mm"', f'fo:margin-bottom="{below}mm"']
    if align:
        props.append(f'fo:text-align="{align}"')
    if keep:
        props.append('fo:keep-with-next="always"')
    if border_bottom:
        props.append(f'fo:border-bottom="{border_bottom}" fo:padding-bottom="{padding}mm"')
    if indent:
        props.append(f'fo:margin-left="{indent}mm"')
    text = [f'fo:font-size="{size}pt"']
    if bold:
        text.append('fo:font-weight="bold"')
    if italic:
        text.append('fo:font-style="italic"')
    if gray:
        text.append(f'fo:color="{gray}"')
    return (f'<style:style style:name="{name}" style:family="paragraph" '
            f'style:parent-style-name="{parent}"><style:paragraph-properties {" ".join(props)}/>'
            f'<style:text-properties {" ".join(text)}/></style:style>')


def styles_xml(model):
    e = model["etablissement"]
    title = next((s["text"] for b in model["blocs"] if b["kind"] == "title" for s in b["text"]), "")
    later = esc(f'{e["nom"]} — UAI {e["uai"]}')
    paragraph_styles = "".join([
        pstyle("Etablissement", 12, bold=True, below=0.5),
        pstyle("EtablissementPetit", 8.5, gray="#333333"),
        pstyle("EtablissementFilet", 8.5, gray="#333333", border_bottom="0.5pt solid #404040",
               below=6),
        pstyle("Titre", 16, bold=True, align="center", above=2, below=4, keep=True),
        pstyle("Titre1", 12, bold=True, above=4, below=1.5, keep=True,
               border_bottom="0.25pt solid #999999", padding=0.8),
        pstyle("Titre2", 10.5, bold=True, italic=True, above=3, below=1, keep=True),
        pstyle("Corps", 10, align="justify", below=2),
        pstyle("Liste", 10, align="justify", below=0.8),
        pstyle("Encadre", 9.5, align="justify", below=1),
        pstyle("Cellule", 9),
        pstyle("CelluleEntete", 9, bold=True),
        pstyle("Emploi", 8.5, align="center"),
        pstyle("EmploiEntete", 8.5, bold=True, align="center"),
        pstyle("Legende", 8, italic=True, gray="#4d4d4d", above=1, below=2),
        pstyle("SigQualite", 9.5, bold=True),
        pstyle("SigNom", 9.5),
        pstyle("SigPetit", 8.5, gray="#333333"),
        pstyle("SigPlace", 9.5),
        pstyle("Pied", 8, gray="#333333"),
        pstyle("PiedNote", 7, italic=True, gray="#333333"),
        pstyle("EnTete", 8, gray="#404040", border_bottom="0.25pt solid #666666"),
    ])
    footer = (
        '<style:footer>'
        '<text:p text:style-name="PiedPage">Référence : @@REFERENCE@@<text:tab/>'
        '<text:span text:style-name="Gras">Page <text:page-number text:select-page="current"/> / '
        '<text:page-count/></text:span></text:p>'
        '<text:p text:style-name="Pied">Empreinte : @@EMPREINTE@@</text:p>'
        '</style:footer>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}><office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls><office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="lr-tb"/><style:text-properties style:font-name="Liberation Sans" fo:font-size="10pt" fo:language="fr" fo:country="FR" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"><style:paragraph-properties fo:line-height="118%"/></style:style>
{paragraph_styles}
<style:style style:name="PiedPage" style:family="paragraph" style:parent-style-name="Pied"><style:paragraph-properties fo:border-top="0.25pt solid #666666" fo:padding-top="1.5mm"><style:tab-stops><style:tab-stop style:position="170mm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
<style:style style:name="EnTeteLigne" style:family="paragraph" style:parent-style-name="EnTete"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position="170mm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
<style:style style:name="Gras" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-size="9pt"/></style:style>
<style:style style:name="GrasEnTete" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<text:list-style style:name="Puces"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="6mm" fo:text-indent="-4mm" fo:margin-left="6mm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
<text:list-style style:name="Numeros"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="6mm" fo:text-indent="-5mm" fo:margin-left="6mm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
</office:styles><office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait" fo:margin-top="15mm" fo:margin-bottom="12mm" fo:margin-left="20mm" fo:margin-right="20mm"/><style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="5mm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="5mm"/></style:footer-style></style:page-layout>
</office:automatic-styles><office:master-styles>
<style:master-page style:name="Premiere" style:page-layout-name="A4" style:next-style-name="Suite">{footer}</style:master-page>
<style:master-page style:name="Suite" style:page-layout-name="A4"><style:header><text:p text:style-name="EnTeteLigne"><text:span text:style-name="GrasEnTete">{later}</text:span><text:tab/>{esc(title)}</text:p></style:header>{footer}</style:master-page>
</office:master-styles></office:document-styles>
"""


def meta_xml(model):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {NS}><office:meta><meta:generator>accroche bench/make_odt.py</meta:generator><dc:title>Contrat PAFI @@REFERENCE@@</dc:title><meta:initial-creator>{esc(model["etablissement"]["nom"])}</meta:initial-creator><dc:language>fr-FR</dc:language></office:meta></office:document-meta>
"""


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_odt(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype first and stored, so that the file is recognised by its first bytes.
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        for name, text in parts.items():
            z.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage : make_odt.py DONNEES_DIR OUT_DIR")
    donnees, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    model = json.loads((donnees / "modele.json").read_text("utf-8"))
    students = json.loads((donnees / "champs.json").read_text("utf-8"))
    check(donnees, model, students)

    template = {
        "content.xml": content_xml(model),
        "styles.xml": styles_xml(model),
        "meta.xml": meta_xml(model),
        "META-INF/manifest.xml": MANIFEST,
    }
    write_odt(out / "modele.odt", template)

    start = time.perf_counter()
    for i, fields in enumerate(students, 1):
        filled = {name: FIELD.sub(lambda m: esc(fields[m.group(1)]), text)
                  for name, text in template.items()}
        write_odt(out / f"contrat-{i:03}.odt", filled)
    fill_ms = (time.perf_counter() - start) * 1e3
    print(json.dumps({"documents": len(students), "fill_ms": round(fill_ms, 1)}))


if __name__ == "__main__":
    main()
