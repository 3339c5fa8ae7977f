#!/usr/bin/env python3
"""XML-DSig interop checks of hocba's national-XML signatures (run by scripts/test-xmldsig.sh).

  verify FILE ROLE... [--fail]   verify the ds:Signature of each ROLE slot (GVCN, CBQL, KY_PHAT_HANH)
                                 with Python `xmlsec` (libxmlsec1, in process) and `signxml`;
                                 exit 0 when all verify (or, with --fail, when none does)
  template IN OUT ROLE C14N      write IN with ROLE's slot holding an unsigned ds:Signature
                                 template written from docs/spec/xml-signature.md, for
                                 `xmlsec1 --sign` (C14N: exc or inc)

The trust anchors are tests/vectors/pki/roots.pem; nothing here trusts KeyInfo alone.
"""
import pathlib
import sys

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent
PKI = ROOT / "tests/vectors/pki"
DS = "http://www.w3.org/2000/09/xmldsig#"
SLOTS = ["GVCN", "CBQL", "KY_PHAT_HANH"]
TIMES = {"GVCN": "2026-06-01T07:00:00+07:00", "CBQL": "2026-06-01T08:00:00+07:00",
         "KY_PHAT_HANH": "2026-06-01T09:00:00+07:00"}
CCCD = {"GVCN": "001191000007", "CBQL": "001079000008"}


def roots():
    pem = (PKI / "roots.pem").read_text()
    blocks = pem.split("-----END CERTIFICATE-----")
    return [b + "-----END CERTIFICATE-----\n" for b in blocks if "BEGIN CERTIFICATE" in b]


def verify_xmlsec(data, slot):
    import xmlsec
    root = etree.fromstring(data)
    xmlsec.tree.add_ids(root, ["Id"])
    sig = root.find(f"DANH_SACH_THONG_TIN_KY/{slot}/{{{DS}}}Signature")
    manager = xmlsec.KeysManager()
    for pem in roots():
        manager.load_cert_from_memory(pem.encode(), xmlsec.constants.KeyDataFormatCertPem,
                                      xmlsec.constants.KeyDataTypeTrusted)
    ctx = xmlsec.SignatureContext(manager)
    try:
        ctx.verify(sig)
        return True, ""
    except xmlsec.Error as e:
        return False, str(e)


def verify_signxml(data, slot):
    from signxml import XMLVerifier
    from signxml.verifier import SignatureConfiguration
    root = etree.fromstring(data)
    sig = root.find(f"DANH_SACH_THONG_TIN_KY/{slot}/{{{DS}}}Signature")
    n_refs = len(sig.findall(f"{{{DS}}}SignedInfo/{{{DS}}}Reference"))
    config = SignatureConfiguration(location=f"DANH_SACH_THONG_TIN_KY/{slot}/",
                                    expect_references=n_refs)
    ca = str(PKI / "roots.pem")
    try:
        # The XML-DSig schema allows only namespaced (##other) content in SignatureProperty; the
        # national format writes SigningTime unqualified (ADR 0081), so schema checking is off.
        XMLVerifier().verify(data, ca_pem_file=ca, id_attribute="Id", expect_config=config,
                             validate_schema=False)
        return True, ""
    except Exception as e:  # signxml raises several exception classes
        return False, f"{type(e).__name__}: {e}"


def cmd_verify(args):
    expect_fail = "--fail" in args
    args = [a for a in args if a != "--fail"]
    path, slots = args[0], args[1:]
    data = pathlib.Path(path).read_bytes()
    ok = True
    for slot in slots:
        for name, fn in [("python-xmlsec", verify_xmlsec), ("signxml", verify_signxml)]:
            good, why = fn(data, slot)
            print(f"  {name:13} {pathlib.Path(path).name} {slot}: {'verified' if good else 'REFUSED ' + why[:160]}")
            ok = ok and (good != expect_fail)
    return 0 if ok else 1


def cmd_template(args):
    src, dst, slot, c14n = args
    exc = "http://www.w3.org/2001/10/xml-exc-c14n#"
    inc = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    method = exc if c14n == "exc" else inc
    # With inclusive C14N the references carry no Transforms (the XML-DSig default is C14N 1.0).
    transforms = f'<ds:Transforms><ds:Transform Algorithm="{exc}"/></ds:Transforms>' if c14n == "exc" else ""
    cccd = f"<SO_CCCD>{CCCD[slot]}</SO_CCCD>" if slot in CCCD else ""
    t = TIMES[slot]
    sig = (
        f'<{slot}><NGAY_KY>{t}</NGAY_KY>{cccd}'
        f'<ds:Signature xmlns:ds="{DS}" Id="sig-{slot}"><ds:SignedInfo>'
        f'<ds:CanonicalizationMethod Algorithm="{method}"/>'
        f'<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        f'<ds:Reference URI="#data">{transforms}'
        f'<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>'
        f'<ds:Reference URI="#props-{slot}" Type="http://www.w3.org/2000/09/xmldsig#SignatureProperties">{transforms}'
        f'<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>'
        f'</ds:SignedInfo><ds:SignatureValue/>'
        f'<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>'
        f'<ds:Object><ds:SignatureProperties Id="props-{slot}"><ds:SignatureProperty Target="#sig-{slot}">'
        f'<SigningTime>{t}</SigningTime></ds:SignatureProperty></ds:SignatureProperties></ds:Object>'
        f'</ds:Signature></{slot}>'
    )
    text = pathlib.Path(src).read_text(encoding="utf-8")
    end = "</DANH_SACH_THONG_TIN_KY>"
    assert text.count(end) == 1
    pathlib.Path(dst).write_text(text.replace(end, sig + end), encoding="utf-8")
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    sys.exit({"verify": cmd_verify, "template": cmd_template}[cmd](sys.argv[2:]))
