#!/usr/bin/env python3
"""Writes the C14N differential vectors of hocba's XML-DSig canonicalization (ADR 0080).

For every input NAME.xml in tests/vectors/xmldsig/c14n/ it writes the expected canonical forms
computed by libxml2, the C library behind xmllint and libxmlsec1:

  NAME.exc.doc / NAME.inc.doc   the document element, by `xmllint --exc-c14n` / `--c14n`
  NAME.exc.ID  / NAME.inc.ID    the subtree of the element whose Id attribute is ID, by lxml
                                (libxml2's xmlC14NExecute over the element)

The generated inputs (gen-*.xml) are national-XML-shaped (HOC_BA / DU_LIEU_HOC_BA, Vietnamese
text, escapes, CDATA, character references, ds:Signature blocks with namespaces declared in
different places); w3c-*.xml are the W3C C14N 1.0 / Exclusive C14N examples that need no DTD;
hocba-*.xml are written by hand for one decision each (ADR 0231: text written with character
references, as ASCII-only writers emit Vietnamese letters).
Deterministic (seeded). Run with a Python that has lxml:
    python3 scripts/xmldsig-c14n-vectors.py
"""
import pathlib
import random
import subprocess
import sys

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests/vectors/xmldsig/c14n"
DS = "http://www.w3.org/2000/09/xmldsig#"

W3C = {
    "w3c-3.2-whitespace": """<doc>
   <clean>   </clean>
   <dirty>   A   B   </dirty>
   <mixed>
      A
      <clean>   </clean>
      B
      <dirty>   A   B   </dirty>
      C
   </mixed>
</doc>""",
    "w3c-3.3-tags": """<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org" Id="e7">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>""",
    "w3c-3.4-chars": """<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>""",
    "w3c-3.6-utf8": """<doc>&#169;</doc>""",
    "w3c-exc-2.2-a": """<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org">
  <n1:elem2 xmlns:n1="http://example.net" xml:lang="en" Id="elem2">
    <n3:stuff xmlns:n3="ftp://example.org"/>
  </n1:elem2>
</n0:local>""",
    "w3c-exc-2.2-b": """<n2:pdu xmlns:n1="http://example.com" xmlns:n2="http://foo.example" xml:lang="fr" xml:foo="bar">
  <n1:elem2 xmlns:n1="http://example.net" xml:lang="en" Id="elem2">
    <n3:stuff xmlns:n3="ftp://example.org"/>
  </n1:elem2>
</n2:pdu>""",
    "w3c-pi-comment": """<doc><?pi-without-data?><!-- comment --><a><?pi some data ?>x<!--c-->y</a></doc>""",
}

HOCBA = {
    # Every element with an Id is copied by hocba from its text (`as_written`), references and all.
    "hocba-char-refs": """<HOC_BA><DU_LIEU_HOC_BA Id="data"><HO_VA_TEN>Nguy&#7877;n V&#x0103;n &#x1EC6;</HO_VA_TEN>
<NHAN_XET_GVCN>&#38;&#x26;&#60;&#x3C;&#62;&#x3e;&#13;&#x0D;&#xd;&#xD;&#34;&#x22;&#39;&#9;&#xA;&#10;&#x1F600;&#128512;&#x0000041;&#233;&#xE9;&#xFFFD;&#x10FFFF;</NHAN_XET_GVCN>
<TEN_TRUONG>Tr&#432;&#7901;ng Ti&#7875;u h&#7885;c &quot;B&#7871;n Ngh&#233;&quot; &amp; &#x110;&#x1ea1;i</TEN_TRUONG><TRONG b="2" a="1"/></DU_LIEU_HOC_BA>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig"><ds:SignedInfo Id="si"><ds:Reference URI="#data"></ds:Reference></ds:SignedInfo><ds:SignatureValue>&#65;&#x42;&#x0D;&#10;</ds:SignatureValue></ds:Signature></HOC_BA>""",
    # A lone CR (old-Mac line end) right before a reference, right after one at the end of a
    # text, and between two: each is a line end, LF (XML 1.0 §2.11), which roxmltree 0.21 kept
    # as CR (QA qa4/01); `&#xD;` next to them stays a CR.
    "hocba-lone-cr": """<HOC_BA><DU_LIEU_HOC_BA Id="data"><NHAN_XET_GVCN>D\u00f2ng 1\r&quot;Em\r&amp;\r&#46;\r</NHAN_XET_GVCN>
<TEN_LOP>4B&#xD;\r&amp;C\r\n&#233;\r</TEN_LOP><GHI_CHU>\r&lt;</GHI_CHU></DU_LIEU_HOC_BA></HOC_BA>""",
}

WORDS = ["Nguyễn", "Thị", "Hoàng", "Anh", "Trường", "Tiểu học", "Hoàn thành tốt", "Đạt", "Tốt",
         "Được lên lớp 5", "Tiếng Việt", "Toán", "Tự nhiên và Xã hội", "Đạo đức", "Âm nhạc",
         "Mĩ thuật", "Hoạt động trải nghiệm", "Giáo dục thể chất", "Phường Bến Nghé",
         "Thành phố Hồ Chí Minh", "em chăm ngoan, lễ phép", "ỷ", "Ữ", "ğ", "中文", "🙂"]
SPECIAL = ["&amp;", "&lt;", "&gt;", "\"", "'", "&#13;", "&#x9;", "&#10;", "\t", "\n  ", "&#x1F642;",
           "&quot;", "&apos;", "]]&gt;", "  "]


def text(rng, allow_special=True):
    parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 5))]
    if allow_special and rng.random() < 0.5:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(SPECIAL))
    if allow_special and rng.random() < 0.15:
        parts.append("<![CDATA[a < b && c > d]]>")
    return " ".join(parts)


def attr_value(rng):
    v = text(rng, allow_special=False)
    if rng.random() < 0.6:
        v += rng.choice(["&amp;", "&lt;", "&quot;", "&#9;", "&#10;", "&#13;", ">", "'", "\t", "\n"])
    return v


def signature(rng, slot, ds_on_root):
    prefix = rng.choice(["ds:", ""]) if not ds_on_root else "ds:"
    decl = "" if ds_on_root else (f' xmlns:ds="{DS}"' if prefix == "ds:" else f' xmlns="{DS}"')
    p = prefix
    props_id = f"props-{slot.lower()}"
    extra_ns = ' xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"' if rng.random() < 0.3 else ""
    return (
        f'<{p}Signature{decl} Id="sig-{slot.lower()}"{extra_ns}><{p}SignedInfo Id="si-{slot.lower()}">'
        f'<{p}CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
        f'<{p}SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        f'<{p}Reference URI="#data"><{p}DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        f'<{p}DigestValue>AAAA</{p}DigestValue></{p}Reference></{p}SignedInfo>'
        f'<{p}SignatureValue>\nAAAA\nBBBB\n</{p}SignatureValue>'
        f'<{p}Object><{p}SignatureProperties Id="{props_id}"><{p}SignatureProperty Target="#sig-{slot.lower()}">'
        f'<SigningTime xmlns="http://example.invalid/hocba">2026-06-01T07:00:00+07:00</SigningTime>'
        f'</{p}SignatureProperty></{p}SignatureProperties></{p}Object></{p}Signature>'
    )


def national(rng):
    ds_on_root = rng.random() < 0.3
    root_ns = f' xmlns:ds="{DS}"' if ds_on_root else ""
    if rng.random() < 0.2:
        root_ns += ' xmlns:x="urn:x"'
    lang = ' xml:lang="vi"' if rng.random() < 0.3 else ""
    fields = ["PHIEN_BAN", "MA_TRA_CUU_UUID", "TEN_NAM_HOC", "TEN_TRUONG", "HO_VA_TEN", "NOI_SINH",
              "QUE_QUAN", "DAN_TOC", "NHAN_XET_GVCN", "NOI_DUNG_KHEN_THUONG"]
    body = []
    for f in fields:
        attrs = ""
        if rng.random() < 0.15:
            attrs = f' b="{attr_value(rng)}" a="{attr_value(rng)}"'
        if rng.random() < 0.1:
            attrs += ' x:k="1"' if "xmlns:x" in root_ns else ' xmlns:y="urn:y" y:k="1"'
        if rng.random() < 0.1:
            body.append(f"<{f}{attrs}/>")
        else:
            body.append(f"<{f}{attrs}>{text(rng)}</{f}>")
    subjects = "".join(
        f"<MON_HOC><MA_MON_HOC>{i}</MA_MON_HOC><TEN_MON_HOC>{rng.choice(WORDS)}</TEN_MON_HOC>"
        f"<MUC_DAT_DUOC>{rng.choice(['T', 'H', 'C'])}</MUC_DAT_DUOC><DIEM_KIEM_TRA_DINH_KY>{rng.randint(1, 10)}"
        f"</DIEM_KIEM_TRA_DINH_KY></MON_HOC>" for i in range(rng.randint(1, 4)))
    sep = rng.choice(["", "\n", "\n    "])
    data = (f'<DU_LIEU_HOC_BA Id="data"{lang}>{sep}<THONG_TIN_CHUNG>{sep.join(body)}</THONG_TIN_CHUNG>'
            f'<TONG_KET><BANG_DIEM>{subjects}</BANG_DIEM></TONG_KET></DU_LIEU_HOC_BA>')
    slots = "".join(
        f"<{s}><NGAY_KY>2026-06-01T07:00:00+07:00</NGAY_KY>"
        + ("" if s == "KY_PHAT_HANH" else "<SO_CCCD>001234567890</SO_CCCD>")
        + signature(rng, s, ds_on_root) + f"</{s}>" for s in ["GVCN", "CBQL", "KY_PHAT_HANH"])
    return f"<HOC_BA{root_ns}{lang}>{sep}{data}{sep}<DANH_SACH_THONG_TIN_KY>{slots}</DANH_SACH_THONG_TIN_KY></HOC_BA>"


def write_expected(name, xml):
    path = ROOT / f"{name}.xml"
    path.write_text(xml, encoding="utf-8")
    doc = etree.fromstring(xml.encode())
    for mode, flag, exclusive in [("exc", "--exc-c14n", True), ("inc", "--c14n", False)]:
        if "<!--" in xml:
            # xmllint keeps comments; the signature profile's methods drop them.
            out = etree.tostring(doc.getroottree(), method="c14n", exclusive=exclusive,
                                 with_comments=False)
        else:
            out = subprocess.run(["xmllint", flag, str(path)], check=True,
                                 capture_output=True).stdout
        (ROOT / f"{name}.{mode}.doc").write_bytes(out)
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.get("Id") is None:
            continue
        for mode, exclusive in [("exc", True), ("inc", False)]:
            default_ns = any(e.nsmap.get(None) for e in el.iter())
            xml_attrs = any(k.startswith("{http://www.w3.org/XML/1998/namespace}")
                            for a in el.iterancestors() for k in a.attrib)
            if not exclusive and (default_ns or xml_attrs):
                # lxml copies such a subtree into a new document first, which writes xmlns=""
                # on children of a default-namespace element and drops the inherited xml:*
                # attributes C14N 1.0 puts on the apex: no libxml2 reference for these; the
                # xmlsec1 interop test covers inclusive C14N of signatures instead.
                continue
            c = etree.tostring(el, method="c14n", exclusive=exclusive, with_comments=False)
            (ROOT / f"{name}.{mode}.{el.get('Id')}").write_bytes(c)


def main():
    ROOT.mkdir(parents=True, exist_ok=True)
    for old in ROOT.iterdir():
        old.unlink()
    for name, xml in {**W3C, **HOCBA}.items():
        write_expected(name, xml)
    rng = random.Random(20260601)
    for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 40):
        write_expected(f"gen-{i:02}", national(rng))


if __name__ == "__main__":
    main()
